package dev.glueetl.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import org.junit.jupiter.api.Test;

/** The guard on pipeline SQL: exactly one query, no call that runs code. No Spark session: the parser is static. */
class QueryTextTest {
  private static final String SOURCE = "metrics/m.sql";

  @Test
  void ddlDmlAndCommandsAreRefusedNamedByTheirPlan() {
    assertRefused("DELETE FROM events", "DeleteFromTable");
    assertRefused("delete from events where date < '2024-01-01'", "DeleteFromTable");
    assertRefused("DROP TABLE x", "DropTable");
    assertRefused("drop table if exists app_events_trusted.events", "DropTable");
    assertRefused("INSERT INTO t SELECT 1", "InsertIntoStatement");
    assertRefused("insert overwrite table t select * from events", "InsertIntoStatement");
    assertRefused("CACHE TABLE x", "CacheTable");
    assertRefused("cache table x as select * from events", "CacheTableAsSelect");
    // statements Catalyst's parser does not plan; Spark's session parser names them
    assertRefused("create function f as 'com.example.Evil'", "CreateFunction");
    assertRefused("CREATE TEMPORARY FUNCTION f AS 'com.example.Evil'", "CreateFunctionCommand");
    assertRefused("set spark.sql.shuffle.partitions=1", "SetCommand");
    assertRefused("add jar /tmp/evil.jar", "AddJarsCommand");
  }

  @Test
  void moreThanOneStatementIsRefusedWithTheCount() {
    assertRefused("select 1; drop table x", "2 statements");
    assertRefused("select 1 as date;\ndelete from events;", "2 statements");
    assertRefused("drop table x; select 1", "2 statements");
    assertRefused("select 1; select 2; select 3;", "3 statements");
  }

  @Test
  void callsThatRunJavaAreRefusedWhereverTheyAre() {
    assertRefused("select reflect('java.lang.Thread', 'sleep', 1000L)", "reflect()");
    assertRefused("SELECT JAVA_METHOD('java.lang.Math', 'abs', -1) AS x", "java_method()");
    assertRefused("select try_reflect('java.lang.System', 'exit', 0)", "try_reflect()");
    // in a subquery of a filter, a scalar subquery, a CTE, an aggregate's argument, a join condition
    assertRefused("select * from events where user_id in (select java_method('java.util.UUID', 'randomUUID'))", "java_method()");
    assertRefused("select (select reflect('a', 'b')) as r", "reflect()");
    assertRefused("with a as (select reflect('java.lang.Thread', 'sleep', 1L) as r) select * from a", "reflect()");
    assertRefused("with a as (select 1 as x), b as (select * from a where exists (select try_reflect('a', 'b'))) select * from b", "try_reflect()");
    assertRefused("select date, count(distinct reflect('a', 'b', user_id)) from events group by date", "reflect()");
    assertRefused("select * from events e join sessions s on java_method('a', 'b') = s.user_id", "java_method()");
    // as a generator, a table-valued function, in a window definition
    assertRefused("select * from events lateral view reflect('a', 'b') v as c", "reflect()");
    assertRefused("select * from reflect('a', 'b')", "reflect()");
    assertRefused("select count(*) over w from events window w as (partition by reflect('a', 'b'))", "reflect()");
    // qualified or quoted names are the same function
    assertRefused("select system.builtin.reflect('a', 'b')", "reflect()");
    assertRefused("select `java_method`('a', 'b')", "java_method()");
  }

  @Test
  void scriptTransformsAndFunctionsNamedAtRunTimeAreRefused() {
    assertRefused("select transform(user_id) using 'sh -c id' from events", "TRANSFORM ... USING");
    assertRefused("select identifier('reflect')('java.lang.Math', 'abs', -1)", "IDENTIFIER(...)");
  }

  @Test
  void oneQueryIsAccepted() {
    assertAccepted("SELECT date, count(*) AS n FROM events GROUP BY date");
    assertAccepted("WITH d AS (SELECT event_date AS date FROM events) SELECT date, count(*) AS n FROM d GROUP BY date");
    assertAccepted("select 1 as date;");
    assertAccepted("select 1 as date ;\n  ");
    assertAccepted("select 'a;b' as x, \"c;d\" as y");
    assertAccepted("-- a comment; drop table x\nselect 1 /* ; delete from events; */ as date\n-- trailing; comment");
    assertAccepted("select * from events where date in (select date from affected_dates) union all select * from events where false");
    assertAccepted("values (1, 'a')");
    // names that merely contain or quote "reflect" are columns, not calls
    assertAccepted("select reflect_count, `reflect`, e.java_method from events e");
  }

  @Test
  void textThatDoesNotParseIsSqlInvalidWithTheParsersMessage() {
    GlueEtlException e = error(() -> QueryText.requireSingleQuery("select a from events )))", SOURCE));
    assertThat(e.code()).isEqualTo(ErrorCode.SQL_INVALID);
    assertThat(e.parameters()).containsEntry("source", SOURCE);
    assertThat(e.parameters().get("problem")).startsWith("[PARSE_SYNTAX_ERROR]").contains("')'").contains("line 1, pos 21");

    assertThat(error(() -> QueryText.requireSingleQuery("", SOURCE)).code()).isEqualTo(ErrorCode.SQL_INVALID);
    assertThat(error(() -> QueryText.requireSingleQuery("selec 1", SOURCE)).code()).isEqualTo(ErrorCode.SQL_INVALID);
  }

  @Test
  void aConditionMustParseAndRunNoCode() {
    assertThatCode(() -> QueryText.requireCondition("amount > 0 and code is not null", "t.dqdl")).doesNotThrowAnyException();
    GlueEtlException refused = error(() -> QueryText.requireCondition("amount > 0 or reflect('java.lang.System', 'exit', 0) is null", "t.dqdl"));
    assertThat(refused.code()).isEqualTo(ErrorCode.SQL_NOT_A_QUERY);
    assertThat(refused.parameters()).containsEntry("source", "t.dqdl").containsEntry("found", "reflect()");
    assertThat(error(() -> QueryText.requireCondition("amount >", "t.dqdl")).code()).isEqualTo(ErrorCode.SQL_INVALID);
  }

  @Test
  void statementsAreCountedWithSparksLexer() {
    assertThat(QueryText.statements("select 1")).isEqualTo(1);
    assertThat(QueryText.statements("select 1;")).isEqualTo(1);
    assertThat(QueryText.statements("select ';' -- ;\n; /* ; */ ;")).isEqualTo(1);
    assertThat(QueryText.statements(";;select 1;;select 2")).isEqualTo(2);
    assertThat(QueryText.statements("  -- only a comment")).isEqualTo(0);
  }

  private static void assertRefused(String sql, String found) {
    GlueEtlException e = error(() -> QueryText.requireSingleQuery(sql, SOURCE));
    assertThat(e.code()).as(sql).isEqualTo(ErrorCode.SQL_NOT_A_QUERY);
    assertThat(e.parameters()).as(sql).containsEntry("source", SOURCE).containsEntry("found", found);
  }

  private static void assertAccepted(String sql) {
    assertThatCode(() -> QueryText.requireSingleQuery(sql, SOURCE)).as(sql).doesNotThrowAnyException();
  }

  private static GlueEtlException error(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(GlueEtlException.class);
    return (GlueEtlException) thrown;
  }
}

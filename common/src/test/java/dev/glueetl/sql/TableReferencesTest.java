package dev.glueetl.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import java.util.List;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.junit.jupiter.api.Test;

/** The tables a query reads, from Spark's parse of it; no session (LineageGraphTest uses the session's parser). */
class TableReferencesTest {
  private static final ParserInterface PARSER = CatalystSqlParser$.MODULE$;

  private static List<String> tables(String sql) {
    return TableReferences.of(PARSER, sql, "test.sql");
  }

  @Test
  void joinsSubqueriesAndCtesReadExactlyTheRealTables() {
    String sql =
        """
        WITH recent AS (SELECT * FROM events WHERE event_date IN (SELECT date FROM affected_dates)),
             joined AS (SELECT r.user_id, s.session_id FROM recent r JOIN app_events_trusted.sessions s ON r.user_id = s.user_id)
        SELECT j.user_id, (SELECT COUNT(*) FROM app_events_curated.events_daily) AS days
        FROM joined j LEFT JOIN devices d ON d.user_id = j.user_id
        WHERE EXISTS (SELECT 1 FROM RECENT x WHERE x.user_id = j.user_id)
          AND j.user_id NOT IN (SELECT user_id FROM (WITH blocked AS (SELECT user_id FROM blocked_users) SELECT * FROM blocked))
        """;

    // recent, joined, RECENT (case-insensitive) and blocked are CTEs; sorted by lower-case name
    assertThat(tables(sql)).containsExactly("affected_dates", "app_events_curated.events_daily", "app_events_trusted.sessions", "blocked_users", "devices", "events");
  }

  @Test
  void aCteIsInScopeAfterItsDefinitionOnlyAndNotOutsideItsQuery() {
    // sessions AS (... FROM sessions): not recursive, the table; later_cte named before its definition: a table;
    // inner is defined in a subquery and means the table outside it
    String sql =
        """
        WITH sessions AS (SELECT * FROM sessions WHERE user_id IN (SELECT user_id FROM later_cte)),
             later_cte AS (SELECT * FROM sessions)
        SELECT * FROM later_cte
        UNION ALL SELECT * FROM (WITH inner_cte AS (SELECT * FROM orders) SELECT * FROM inner_cte)
        UNION ALL SELECT * FROM inner_cte
        """;

    assertThat(tables(sql)).containsExactly("inner_cte", "later_cte", "orders", "sessions");
  }

  @Test
  void namesDifferingInCaseAreOneTableAndTimeTravelStillReadsItsTable() {
    assertThat(tables("SELECT * FROM Events e JOIN events f USING (event_id) JOIN lake.orders VERSION AS OF 3 o ON o.id = e.id")).containsExactly("Events", "lake.orders");
  }

  @Test
  void textThatDoesNotParseIsSqlInvalidNamingItsSource() {
    assertThatThrownBy(() -> tables("SELECT * FROM ("))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.SQL_INVALID);
          assertThat(e.parameters()).containsEntry("source", "test.sql");
        });
  }
}

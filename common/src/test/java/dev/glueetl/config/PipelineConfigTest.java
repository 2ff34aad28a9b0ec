package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
  private static final String MINIMAL =
      String.join(
          "\n",
          "name: app-events",
          "source:",
          "  type: events",
          "  path: landing/",
          "  fields:",
          "    user_id: data.userId",
          "    event_time: meta.timestamp",
          "    event_name: meta.type",
          "");

  @Test
  void bundledAppEventsPipelineLoadsThroughHadoopFileSystem() {
    PipelineConfig config = PipelineConfig.load(ProjectFiles.pipeline("app-events").toUri().toString(), new Configuration());

    assertThat(config.name()).isEqualTo("app-events");
    assertThat(config.lake()).isEqualTo("lake");
    assertThat(config.source().type()).isEqualTo(SourceType.EVENTS);
    assertThat(config.source().format()).isEqualTo(SourceFormat.JSON);
    assertThat(config.source().path()).isEqualTo("test-data/app-events");
    assertThat(config.source().columnsOf("event_id")).containsExactly("meta.id");
    assertThat(config.source().columnsOf("user_id")).containsExactly("data.userId");
    assertThat(config.source().columnsOf("device_brand")).containsExactly("data.device.brand");
    assertThat(config.source().columnsOf("country")).isEmpty();
    assertThat(config.source().payload()).contains("data");
    assertThat(config.source().timeFormats()).containsExactly(new TimeFormat(TimeFormat.Kind.EPOCH_MILLIS, ""));
    assertThat(config.source().timezone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(config.sessions().inactivityGap()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.validation().minTime()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(config.validation().maxAhead()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void defaultsApplyWhenKeysAreAbsent() {
    PipelineConfig config = PipelineConfig.parse("p.yaml", MINIMAL);

    assertThat(config.lake()).isEqualTo("lake");
    assertThat(config.source().format()).isEqualTo(SourceFormat.JSON);
    assertThat(config.source().options()).isEmpty();
    assertThat(config.source().payload()).isEmpty();
    assertThat(config.source().timeFormats()).containsExactly(new TimeFormat(TimeFormat.Kind.ISO8601, ""));
    assertThat(config.sessions().inactivityGap()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.validation()).isEqualTo(ValidationConfig.defaults());
  }

  @Test
  void argumentsOverrideLakeAndInput() {
    PipelineConfig config =
        PipelineConfig.parse("p.yaml", MINIMAL)
            .withOverrides(JobArguments.parse("--pipeline", "p.yaml", "--lake", "/data/lake", "--input", "/data/in/*.json"));

    assertThat(config.lake()).isEqualTo("/data/lake");
    assertThat(config.source().path()).isEqualTo("/data/in/*.json");
  }

  @Test
  void optionsTimeFormatListsGapsAndBoundsAreParsed() {
    PipelineConfig config =
        PipelineConfig.parse(
            "p.yaml",
            MINIMAL.replace("  fields:", "  options: {multiLine: false, samplingRatio: 0.5}\n  time_format: ['dd/MM/yyyy HH:mm', epoch_seconds]\n  timezone: Europe/London\n  fields:")
                + "sessions:\n  inactivity_gap: 5m\nvalidation:\n  min_time: 2020-06-01T12:00:00Z\n  max_ahead: 2h\n");

    assertThat(config.source().options()).isEqualTo(Map.of("multiLine", "false", "samplingRatio", "0.5"));
    assertThat(config.source().timeFormats())
        .containsExactly(new TimeFormat(TimeFormat.Kind.PATTERN, "dd/MM/yyyy HH:mm"), new TimeFormat(TimeFormat.Kind.EPOCH_SECONDS, ""));
    assertThat(config.source().timezone()).isEqualTo(ZoneId.of("Europe/London"));
    assertThat(config.sessions().inactivityGap()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.validation().minTime()).isEqualTo(Instant.parse("2020-06-01T12:00:00Z"));
    assertThat(config.validation().maxAhead()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void aFieldMayListSeveralSourceColumns() {
    PipelineConfig config = PipelineConfig.parse("p.yaml", MINIMAL.replace("user_id: data.userId", "user_id: [data.userId, data.appUserId]"));
    assertThat(config.source().columnsOf("user_id")).isEqualTo(List.of("data.userId", "data.appUserId"));
  }

  @Test
  void missingRequiredFieldNamesKeyFileAndExpectation() {
    GlueEtlException e = error(MINIMAL.replace("    user_id: data.userId\n", ""));
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING_KEY);
    assertThat(e.parameters()).containsEntry("key", "source.fields.user_id").containsEntry("file", "p.yaml");
    assertThat(e.getMessage()).contains("source.fields.user_id").contains("p.yaml").contains("user id");
  }

  @Test
  void missingNameAndSourceAreReported() {
    assertThat(error(MINIMAL.replace("name: app-events\n", "")).parameters()).containsEntry("key", "name");
    assertThat(error("name: x\n").parameters()).containsEntry("key", "source");
    assertThat(error(MINIMAL.replace("  path: landing/\n", "")).parameters()).containsEntry("key", "source.path");
  }

  @Test
  void invalidValuesAreReportedWithWhatIsExpected() {
    assertInvalid(MINIMAL.replace("type: events", "type: clicks"), "source.type");
    assertInvalid(MINIMAL.replace("  path: landing/", "  path: landing/\n  format: xml"), "source.format");
    assertInvalid(MINIMAL.replace("  path: landing/", "  path: landing/\n  timezone: Mars/Olympus"), "source.timezone");
    assertInvalid(MINIMAL.replace("  path: landing/", "  path: landing/\n  time_format: '*** nope ***'"), "source.time_format");
    assertInvalid(MINIMAL + "sessions:\n  inactivity_gap: soon\n", "sessions.inactivity_gap");
    assertInvalid(MINIMAL + "sessions:\n  inactivity_gap: -5m\n", "sessions.inactivity_gap");
    assertInvalid(MINIMAL + "validation:\n  min_time: long ago\n", "validation.min_time");
    assertInvalid(MINIMAL.replace("name: app-events", "name: App Events"), "name");
    assertInvalid("name: x\nsource:\n  type: events\n  path: p\n  fields: [user_id, event_time]\n", "source.fields");
  }

  @Test
  void metricsAreReadWithTheirSqlFilesRelativeToThePipelineFile() {
    PipelineConfig config = PipelineConfig.load(ProjectFiles.pipeline("app-events").toString(), new Configuration());

    assertThat(config.metrics()).extracting(MetricConfig::table)
        .containsExactly("daily_active_users", "active_users_rolling", "sessions_daily", "events_daily", "devices_daily", "hourly_activity", "retention_weekly");
    MetricConfig retention = config.metric("retention_weekly").orElseThrow();
    assertThat(retention.key()).containsExactly("cohort_week", "week_offset");
    assertThat(retention.replaceBy()).isEqualTo("cohort_week");
    assertThat(retention.reach()).isEqualTo(new MetricConfig.Reach(MetricConfig.Reach.Kind.COHORT_WEEK, 7, "user_id"));
    assertThat(retention.sql()).contains("FROM events");
    assertThat(config.metric("active_users_rolling").orElseThrow().reach()).isEqualTo(new MetricConfig.Reach(MetricConfig.Reach.Kind.ROLLING, 30, ""));
  }

  @Test
  void metricAndExportErrorsNameTheKey() {
    String metric = MINIMAL + "metrics:\n  - {table: t, query: 'select 1 as date', key: [date], reach: ";
    assertInvalid(metric + "weekly}\n", "metrics[0].reach");
    assertInvalid(MINIMAL + "metrics:\n  - {table: t, sql: nope.sql, key: [date]}\n", "metrics[0].sql");
    assertInvalid(MINIMAL + "metrics:\n  - {table: t, query: 'select 1', key: [day]}\n", "metrics[0].replace_by");
    assertThat(error(MINIMAL + "metrics:\n  - {table: t, key: [date]}\n").code()).isEqualTo(ErrorCode.CONFIG_MISSING_KEY);
    String export = MINIMAL + "metrics:\n  - {table: t, query: 'select 1', key: [date]}\nexport:\n  jdbc:\n    url: jdbc:postgresql://h/db\n    user: u\n    schema: s\n";
    assertThat(error(export).parameters()).containsEntry("key", "export.jdbc.password_env");
    assertInvalid(export + "    password: hunter2\n", "export.jdbc.password");
    assertThat(error(export + "    password: hunter2\n").getMessage()).doesNotContain("hunter2");
    assertInvalid(export + "    password_env: PW\n    tables: [nope]\n", "export.jdbc.tables");
  }

  @Test
  void metricSqlMustBeOneQueryWhenThePipelineIsLoaded(@TempDir Path dir) throws Exception {
    GlueEtlException inline = error(MINIMAL + "metrics:\n  - {table: t, query: 'DELETE FROM events', key: [date]}\n");
    assertThat(inline.code()).isEqualTo(ErrorCode.SQL_NOT_A_QUERY);
    assertThat(inline.parameters()).containsEntry("source", "p.yaml (metrics[0].query)").containsEntry("found", "DeleteFromTable");

    GlueEtlException reflect = error(MINIMAL + "metrics:\n  - {table: t, query: \"select reflect('java.lang.System', 'exit', 0) as date\", key: [date]}\n");
    assertThat(reflect.code()).isEqualTo(ErrorCode.SQL_NOT_A_QUERY);
    assertThat(reflect.parameters()).containsEntry("found", "reflect()");

    // a .sql file: the file is the source
    Files.createDirectories(dir.resolve("metrics"));
    Files.writeString(dir.resolve("metrics/m.sql"), "SELECT date FROM events;\nDROP TABLE events;\n");
    Files.writeString(dir.resolve("p.yaml"), MINIMAL + "metrics:\n  - {table: t, sql: metrics/m.sql, key: [date]}\n");
    assertThatThrownBy(() -> PipelineConfig.load(dir.resolve("p.yaml").toString(), new Configuration()))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SQL_NOT_A_QUERY);
              assertThat(e.parameters()).containsEntry("source", "metrics/m.sql").containsEntry("found", "2 statements");
            });
  }

  @Test
  void metricSqlThatDoesNotParseFailsWhenLoadedNotWhenRun() {
    GlueEtlException e = error(MINIMAL + "metrics:\n  - {table: t, query: 'select date, count(*) from events group date', key: [date]}\n");
    assertThat(e.code()).isEqualTo(ErrorCode.SQL_INVALID);
    assertThat(e.parameters()).containsEntry("source", "p.yaml (metrics[0].query)");
    assertThat(e.parameters().get("problem")).startsWith("[PARSE_SYNTAX_ERROR]");
  }

  @Test
  void customSqlAndWhereClausesOfRulesetsAreCheckedWhenThePipelineIsLoaded() {
    String quality = MINIMAL + "quality:\n  - table: trusted.events\n    rules: '";
    GlueEtlException drop = error(quality + "Rules = [ RowCount > 0, CustomSql \"drop table x\" ]'\n");
    assertThat(drop.code()).isEqualTo(ErrorCode.SQL_NOT_A_QUERY);
    assertThat(drop.parameters()).containsEntry("source", "p.yaml (quality[0].rules), CustomSql rule").containsEntry("found", "DropTable");

    // inside a composite, two statements
    GlueEtlException nested = error(quality + "Rules = [ (RowCount > 0) and (CustomSql \"select count(*) from primary; delete from primary\" = 0) ]'\n");
    assertThat(nested.parameters()).containsEntry("found", "2 statements");

    GlueEtlException where = error(quality + "Rules = [ IsComplete \"user_id\" where \"java_method(''java.lang.System'', ''exit'', 0) = 0\" ]'\n");
    assertThat(where.code()).isEqualTo(ErrorCode.SQL_NOT_A_QUERY);
    assertThat(where.parameters())
        .containsEntry("source", "p.yaml (quality[0].rules), where clause of IsComplete")
        .containsEntry("found", "java_method()");

    GlueEtlException syntax = error(quality + "Rules = [ CustomSql \"select count(*) from primary where amount >\" = 0 ]'\n");
    assertThat(syntax.code()).isEqualTo(ErrorCode.SQL_INVALID);
    assertThat(syntax.parameters()).containsEntry("source", "p.yaml (quality[0].rules), CustomSql rule");
  }

  @Test
  void bundledPipelinesPassTheSqlGuard() {
    for (String name : List.of("app-events", "cafe-orders")) {
      PipelineConfig config = PipelineConfig.load(ProjectFiles.pipeline(name).toString(), new Configuration());
      assertThat(config.metrics()).as(name).hasSize(name.equals("app-events") ? 7 : 5);
      assertThat(config.quality()).as(name).isNotEmpty();
    }
  }

  @Test
  void aPasswordInTheJdbcUrlIsRejectedInAnyFormAndNeverEchoed() {
    String export = MINIMAL + "metrics:\n  - {table: t, query: 'select 1 as date', key: [date]}\nexport:\n  jdbc:\n    user: u\n    password_env: PW\n    schema: s\n    url: ";
    for (String url :
        List.of(
            "jdbc:postgresql://h:5432/db?user=u&Password=hunter2",
            "jdbc:postgresql://h:5432/db?user=u&PASSWORD=hunter2",
            "jdbc:postgresql://h:5432/db?user=u&password=hunter2",
            "jdbc:redshift://h:5439/dev;UID=u;PWD=hunter2",
            "jdbc:mysql://h/db?user=u&passwd =hunter2",
            "jdbc:postgresql://h/db?sslmode=verify-full&sslpassword=hunter2",
            "jdbc:postgresql://u:hunter2@h:5432/db",
            "postgresql://u:hunter2@h:5432/db")) {
      GlueEtlException e = error(export + "'" + url + "'\n");
      assertThat(e.code()).as(url).isEqualTo(ErrorCode.CONFIG_INVALID_VALUE);
      assertThat(e.parameters()).as(url).containsEntry("key", "export.jdbc.url").containsEntry("found", "(a URL with a password)");
      assertThat(e.getMessage()).as(url).doesNotContain("hunter2");
      assertThat(String.join(" ", e.parameters().values())).as(url).doesNotContain("hunter2");
    }
    for (String url :
        List.of("jdbc:postgresql://h:5432/db", "jdbc:postgresql://glue_etl@h:5432/db?ssl=true", "jdbc:redshift://h:5439/dev;UID=u", "jdbc:postgresql://h/db?user=a@b.com")) {
      assertThat(DatabasePassword.holdsPassword(url)).as(url).isFalse();
      assertThat(PipelineConfig.parse("p.yaml", export + "'" + url + "'\n").export().orElseThrow().url()).isEqualTo(url);
    }
  }

  @Test
  void unknownKeysAreErrorsSoTyposAreCaught() {
    GlueEtlException e = error(MINIMAL + "sesions:\n  inactivity_gap: 5m\n");
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNKNOWN_KEY);
    assertThat(e.parameters()).containsEntry("key", "sesions");
    assertThat(e.getMessage()).contains("sessions");

    GlueEtlException field = error(MINIMAL.replace("    user_id: data.userId", "    user_id: data.userId\n    userid: x"));
    assertThat(field.parameters()).containsEntry("key", "source.fields.userid");
  }

  @Test
  void invalidYamlAndDuplicateKeysAreReported() {
    assertThat(error("name: [unclosed\n").code()).isEqualTo(ErrorCode.CONFIG_INVALID_YAML);
    assertThat(error("- just\n- a list\n").code()).isEqualTo(ErrorCode.CONFIG_INVALID_YAML);
    assertThat(error(MINIMAL + "name: again\n").code()).isEqualTo(ErrorCode.CONFIG_INVALID_YAML);
  }

  @Test
  void aMissingFileIsReportedWithItsLocation(@TempDir Path dir) {
    String location = dir.resolve("nope.yaml").toString();
    assertThatThrownBy(() -> PipelineConfig.load(location, new Configuration()))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_NOT_FOUND);
              assertThat(e.parameters()).containsEntry("file", location);
            });
  }

  @Test
  void loadsFromALocalPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, MINIMAL);
    assertThat(PipelineConfig.load(file.toString(), new Configuration()).file()).isEqualTo(file.toString());
  }

  private static void assertInvalid(String yaml, String key) {
    GlueEtlException e = error(yaml);
    assertThat(e.code()).as(yaml).isEqualTo(ErrorCode.CONFIG_INVALID_VALUE);
    assertThat(e.parameters()).containsEntry("key", key).containsEntry("file", "p.yaml").containsKey("expected");
  }

  private static GlueEtlException error(String yaml) {
    try {
      PipelineConfig.parse("p.yaml", yaml);
    } catch (GlueEtlException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + yaml);
  }
}

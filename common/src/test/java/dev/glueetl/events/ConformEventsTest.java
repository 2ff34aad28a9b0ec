package dev.glueetl.events;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static dev.glueetl.testing.EventFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformEventsTest {
  private static final Instant RUN_STARTED = Instant.parse("2024-04-01T00:00:00Z");
  private static final String REVOLT_FIELDS =
      String.join(
          "\n",
          "  fields:",
          "    event_id: meta.id",
          "    user_id: data.userId",
          "    event_time: meta.timestamp",
          "    event_name: meta.type",
          "    os: data.device.os",
          "    device_brand: data.device.brand",
          "  payload: data",
          "  time_format: epoch_millis",
          "");

  @TempDir Path dir;

  @Test
  void conformsNestedRevoltEnvelopes() throws Exception {
    Dataset<Row> conformed =
        conform(
            REVOLT_FIELDS,
            "{\"meta\":{\"id\":\"e1\",\"type\":\"user.signedIn\",\"timestamp\":1709283600000},\"data\":{\"userId\":\" u1 \",\"device\":{\"os\":\"Android\",\"brand\":\"\"},\"extra\":[1,2]}}");

    assertThatDataFrame(conformed.select("event_id", "user_id", "event_time", "event_date", "event_name", "os", "device_brand", "payload", "run_id", "ingested_at", "reason"))
        .hasRows(
            RowFactory.create(
                "e1", "u1", ts("2024-03-01T09:00:00Z"), java.sql.Date.valueOf("2024-03-01"), "user.signedIn", "Android", null,
                "{\"userId\":\" u1 \",\"device\":{\"os\":\"Android\",\"brand\":\"\"},\"extra\":[1,2]}", "run-1", ts("2024-04-01T00:00:00Z"), null));
    assertThat(conformed.select("source_file").first().getString(0)).startsWith("file:/").endsWith("/events.jsonl");
  }

  @Test
  void conformsFlatRecordsAndTimestampsWrittenAsText() throws Exception {
    String fields = "  fields:\n    user_id: uid\n    event_time: ts\n    event_name: name\n    event_id: id\n  time_format: iso8601\n";
    Dataset<Row> conformed = conform(fields, "{\"id\":7,\"uid\":\"u1\",\"ts\":\"2024-03-01T10:00:00+01:00\",\"name\":\"open\"}");

    assertThatDataFrame(conformed.select("event_id", "user_id", "event_time", "event_name", "reason"))
        .hasRows(RowFactory.create("7", "u1", ts("2024-03-01T09:00:00Z"), "open", null));
  }

  @Test
  void eachQuarantineReasonWithItsDetail() throws Exception {
    Dataset<Row> conformed =
        conform(
            REVOLT_FIELDS,
            "{\"meta\":{\"id\":\"bad-1\",\"type\":\"x\",\"timestamp\":17092",
            "[1,2,3]",
            "\"just a string\"",
            "{\"meta\":{\"id\":\"m1\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{}}",
            "{\"meta\":{\"id\":\"m2\"},\"data\":{\"userId\":\"u1\"}}",
            "{\"meta\":{\"id\":\"t1\",\"type\":\"open\",\"timestamp\":\"yesterday\"},\"data\":{\"userId\":\"u1\"}}",
            "{\"meta\":{\"id\":\"r1\",\"type\":\"open\",\"timestamp\":946684799999},\"data\":{\"userId\":\"u1\"}}",
            "{\"meta\":{\"id\":\"r2\",\"type\":\"open\",\"timestamp\":946684800000},\"data\":{\"userId\":\"u1\"}}",
            "{\"meta\":{\"id\":\"r3\",\"type\":\"open\",\"timestamp\":1712016000000},\"data\":{\"userId\":\"u1\"}}",
            "{\"meta\":{\"id\":\"r4\",\"type\":\"open\",\"timestamp\":1712016000001},\"data\":{\"userId\":\"u1\"}}",
            "   ");

    assertThatDataFrame(conformed.select("raw_record", "reason", "detail"))
        .hasRows(
            RowFactory.create("{\"meta\":{\"id\":\"bad-1\",\"type\":\"x\",\"timestamp\":17092", "INVALID_JSON", "not a JSON object"),
            RowFactory.create("[1,2,3]", "INVALID_JSON", "not a JSON object"),
            RowFactory.create("\"just a string\"", "INVALID_JSON", "not a JSON object"),
            RowFactory.create("{\"meta\":{\"id\":\"m1\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{}}", "MISSING_FIELD", "missing user_id"),
            RowFactory.create("{\"meta\":{\"id\":\"m2\"},\"data\":{\"userId\":\"u1\"}}", "MISSING_FIELD", "missing event_time, event_name"),
            RowFactory.create(
                "{\"meta\":{\"id\":\"t1\",\"type\":\"open\",\"timestamp\":\"yesterday\"},\"data\":{\"userId\":\"u1\"}}",
                "UNPARSEABLE_TIME",
                "'yesterday' is not epoch_millis"),
            RowFactory.create(
                "{\"meta\":{\"id\":\"r1\",\"type\":\"open\",\"timestamp\":946684799999},\"data\":{\"userId\":\"u1\"}}",
                "TIME_OUT_OF_RANGE",
                "1999-12-31 23:59:59.999 is before 2000-01-01T00:00:00Z (validation.min_time)"),
            // the bounds themselves are accepted: 2000-01-01T00:00:00Z and run start + 1 day
            RowFactory.create("{\"meta\":{\"id\":\"r2\",\"type\":\"open\",\"timestamp\":946684800000},\"data\":{\"userId\":\"u1\"}}", null, null),
            RowFactory.create("{\"meta\":{\"id\":\"r3\",\"type\":\"open\",\"timestamp\":1712016000000},\"data\":{\"userId\":\"u1\"}}", null, null),
            RowFactory.create(
                "{\"meta\":{\"id\":\"r4\",\"type\":\"open\",\"timestamp\":1712016000001},\"data\":{\"userId\":\"u1\"}}",
                "TIME_OUT_OF_RANGE",
                "2024-04-02 00:00:00.001 is more than 1d after the run started (validation.max_ahead)"),
            RowFactory.create("   ", ConformEvents.BLANK_LINE, null));
  }

  @Test
  void anArrayOrObjectWhereAValueBelongsIsWrongTypeNotANewUser() throws Exception {
    Dataset<Row> conformed =
        conform(
            REVOLT_FIELDS,
            "{\"meta\":{\"id\":\"w1\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":[\"u1\"]}}",
            "{\"meta\":{\"id\":\"w2\",\"type\":{\"name\":\"open\"},\"timestamp\":1709283600000},\"data\":{\"userId\":{\"id\":\"u1\"}}}",
            // a text that only looks like a bracket is a value
            "{\"meta\":{\"id\":\"w3\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"[u1]\"}}",
            // a number where text is expected is its text
            "{\"meta\":{\"id\":\"w4\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":12345}}");

    assertThatDataFrame(conformed.select("event_id", "user_id", "reason", "detail"))
        .hasRows(
            RowFactory.create("w1", "[\"u1\"]", "WRONG_TYPE", "user_id (data.userId) holds an array or object where a single value is expected"),
            RowFactory.create("w2", "{\"id\":\"u1\"}", "WRONG_TYPE",
                "user_id (data.userId), event_name (meta.type) hold an array or object where a single value is expected"),
            RowFactory.create("w3", "[u1]", null, null),
            RowFactory.create("w4", "12345", null, null));
  }

  @Test
  void linesThatAreMoreOrLessThanOneObjectAreInvalidJson() throws Exception {
    String good = "{\"meta\":{\"id\":\"g1\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"u1\"}}";
    Dataset<Row> conformed =
        conform(
            REVOLT_FIELDS,
            good + " trailing words",
            // two records whose line break was lost: the second must not vanish
            good + "{\"meta\":{\"id\":\"g2\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"u1\"}}",
            // a brace pair inside a string value is no second object
            "{\"meta\":{\"id\":\"g3\",\"type\":\"}{\\\"x\\\":\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"u1\"}}",
            // a fraction of a millisecond, as a JSON number
            "{\"meta\":{\"id\":\"g4\",\"type\":\"open\",\"timestamp\":1709283600000.5},\"data\":{\"userId\":\"u1\"}}",
            "{\"meta\":{\"id\":\"g5\",\"type\":\"open\",\"timestamp\":NaN},\"data\":{\"userId\":\"u1\"}}");

    assertThatDataFrame(conformed.select("event_id", "event_time", "reason", "detail"))
        .hasRows(
            RowFactory.create("g1", ts("2024-03-01T09:00:00Z"), "INVALID_JSON", "text after the JSON object"),
            RowFactory.create("g1", ts("2024-03-01T09:00:00Z"), "INVALID_JSON", "two JSON objects on one line"),
            RowFactory.create("g3", ts("2024-03-01T09:00:00Z"), null, null),
            RowFactory.create("g4", ts("2024-03-01T09:00:00.0005Z"), null, null),
            RowFactory.create("g5", null, "UNPARSEABLE_TIME", "'\"NaN\"' is not epoch_millis"));
  }

  @Test
  void aByteOrderMarkIsDroppedAndOtherEncodingsAreDecoded() throws Exception {
    String line = "{\"meta\":{\"id\":\"e1\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"u1\",\"device\":{\"os\":\"Andr\u00e9\"}}}";
    Path utf8 = dir.resolve("utf8.jsonl");
    Files.write(utf8, ("\uFEFF" + line + "\n").getBytes(StandardCharsets.UTF_8));
    Path latin = dir.resolve("latin.jsonl");
    Files.write(latin, (line + "\n").getBytes(StandardCharsets.ISO_8859_1));
    String yaml = "name: test\nsource:\n  type: events\n  path: " + utf8 + "\n" + REVOLT_FIELDS;

    assertThatDataFrame(conformFile(yaml, utf8).select("event_id", "os", "reason")).hasRows(RowFactory.create("e1", "Andr\u00e9", null));
    assertThatDataFrame(conformFile(yaml.replace("  payload: data\n", "  payload: data\n  encoding: ISO-8859-1\n"), latin).select("event_id", "os", "reason"))
        .hasRows(RowFactory.create("e1", "Andr\u00e9", null));
    // the same Latin-1 bytes read as UTF-8: the one invalid byte becomes U+FFFD, the record is still trusted
    assertThatDataFrame(conformFile(yaml, latin).select("event_id", "os", "reason")).hasRows(RowFactory.create("e1", "Andr\uFFFD", null));
  }

  @Test
  void csvFilesAreMappedByTheirOwnHeadersAndSeparatorRowsAreBlank() throws Exception {
    Path landing = Files.createDirectories(dir.resolve("csv"));
    Files.writeString(landing.resolve("a.csv"), "id,user,when,what\ne1,u1,2024-03-01 10:00:00,open\n,,,\n");
    Files.writeString(landing.resolve("b.csv"), "\uFEFFwhat,when,User\nclose,2024-03-01 10:05:00,u2\n");
    Files.writeString(landing.resolve("c.csv"), "id,user,when,what\n");
    Files.writeString(landing.resolve("d.csv"), "");
    String yaml = "name: flat\nsource:\n  type: events\n  path: " + landing + "\n  format: csv\n  fields:\n    event_id: id\n    user_id: user\n    event_time: when\n    event_name: what\n";

    assertThatDataFrame(conformFile(yaml, landing).select("user_id", "event_time", "event_name", "reason"))
        .hasRows(
            RowFactory.create("u1", ts("2024-03-01T10:00:00Z"), "open", null),
            RowFactory.create(null, null, null, ConformEvents.BLANK_LINE),
            RowFactory.create("u2", ts("2024-03-01T10:05:00Z"), "close", null));
  }

  @Test
  void boundsAreConfigurable() throws Exception {
    String yaml = REVOLT_FIELDS + "validation:\n  min_time: 2024-03-01\n  max_ahead: 1h\n";
    Dataset<Row> conformed =
        conform(
            yaml,
            "{\"meta\":{\"id\":\"a\",\"type\":\"open\",\"timestamp\":1709251199000},\"data\":{\"userId\":\"u1\"}}",
            "{\"meta\":{\"id\":\"b\",\"type\":\"open\",\"timestamp\":1711933200000},\"data\":{\"userId\":\"u1\"}}",
            "{\"meta\":{\"id\":\"c\",\"type\":\"open\",\"timestamp\":1711933201000},\"data\":{\"userId\":\"u1\"}}");

    // 2024-02-29T23:59:59Z is too early; 2024-04-01T01:00:00Z is the last accepted instant
    assertThatDataFrame(conformed.select("event_id", "reason"))
        .hasRows(RowFactory.create("a", "TIME_OUT_OF_RANGE"), RowFactory.create("b", null), RowFactory.create("c", "TIME_OUT_OF_RANGE"));
  }

  @Test
  void withoutEventIdInTheMappingTheIdIsDerivedFromTheRecord() throws Exception {
    String fields = REVOLT_FIELDS.replace("    event_id: meta.id\n", "");
    String line = "{\"meta\":{\"id\":\"ignored\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"u1\"}}";
    Dataset<Row> conformed = conform(fields, line, line + "  ");

    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(line.getBytes(StandardCharsets.UTF_8)));
    assertThatDataFrame(conformed.select("event_id")).hasRows(RowFactory.create(md5), RowFactory.create(md5));
  }

  @Test
  void aRecordWithoutItsMappedIdGetsADerivedOne() throws Exception {
    String line = "{\"meta\":{\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"u1\"}}";
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(line.getBytes(StandardCharsets.UTF_8)));
    assertThatDataFrame(conform(REVOLT_FIELDS, line).select("event_id", "reason")).hasRows(RowFactory.create(md5, null));
  }

  @Test
  void theFirstPresentCandidateColumnWins() throws Exception {
    String fields = REVOLT_FIELDS.replace("user_id: data.userId", "user_id: [data.userId, data.appUserId]");
    Dataset<Row> conformed =
        conform(
            fields,
            "{\"meta\":{\"id\":\"a\",\"type\":\"x\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"u1\",\"appUserId\":\"app-1\"}}",
            "{\"meta\":{\"id\":\"b\",\"type\":\"x\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"\",\"appUserId\":\"app-2\"}}");

    assertThatDataFrame(conformed.select("event_id", "user_id")).hasRows(RowFactory.create("a", "u1"), RowFactory.create("b", "app-2"));
  }

  @Test
  void csvWithHeaderIsMappedByColumnName() throws Exception {
    Path file = dir.resolve("events.csv");
    Files.writeString(file, "id,user,when,what,os\ne1,u1,2024-03-01 10:00:00,open,iOS\ne2,,2024-03-01 10:05:00,close,\n");
    String yaml = "name: flat\nsource:\n  type: events\n  path: " + file + "\n  format: csv\n  fields:\n    event_id: id\n    user_id: user\n    event_time: when\n    event_name: what\n    os: os\n";
    Dataset<Row> conformed = conformFile(yaml, file);

    assertThatDataFrame(conformed.select("event_id", "user_id", "event_time", "os", "reason", "raw_record"))
        .hasRows(
            RowFactory.create("e1", "u1", ts("2024-03-01T10:00:00Z"), "iOS", null, "{\"id\":\"e1\",\"user\":\"u1\",\"when\":\"2024-03-01 10:00:00\",\"what\":\"open\",\"os\":\"iOS\"}"),
            RowFactory.create("e2", null, ts("2024-03-01T10:05:00Z"), null, "MISSING_FIELD", "{\"id\":\"e2\",\"when\":\"2024-03-01 10:05:00\",\"what\":\"close\"}"));
  }

  @Test
  void parquetIsMappedByNestedPath() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String path = dir.resolve("events.parquet").toString();
    spark.sql("select 'e1' as id, named_struct('user', 'u1', 'ts', 1709283600L) as ctx, 'open' as kind").write().parquet(path);
    String yaml = "name: pq\nsource:\n  type: events\n  path: " + path + "\n  format: parquet\n  time_format: epoch_seconds\n  payload: ctx\n  fields:\n    event_id: id\n    user_id: ctx.user\n    event_time: ctx.ts\n    event_name: kind\n";
    Dataset<Row> conformed = conformFile(yaml, Path.of(path));

    assertThatDataFrame(conformed.select("event_id", "user_id", "event_time", "event_name", "payload", "reason"))
        .hasRows(RowFactory.create("e1", "u1", ts("2024-03-01T09:00:00Z"), "open", "{\"user\":\"u1\",\"ts\":1709283600}", null));
  }

  @Test
  void aMappedColumnMissingFromATabularSourceIsASchemaError() throws Exception {
    Path file = dir.resolve("events.csv");
    Files.writeString(file, "id,user,when\ne1,u1,2024-03-01 10:00:00\n");
    String yaml = "name: flat\nsource:\n  type: events\n  path: " + file + "\n  format: csv\n  fields:\n    user_id: user\n    event_time: when\n    event_name: what\n";

    assertThatThrownBy(() -> conformFile(yaml, file))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
              assertThat(e.parameters()).containsEntry("column", "what");
              assertThat(e.getMessage()).contains("event_name").contains("id, user, when");
            });
  }

  @Test
  void aMissingInputPathIsAClearError() {
    String yaml = "name: x\nsource:\n  type: events\n  path: " + dir.resolve("nope") + "\n" + REVOLT_FIELDS;
    PipelineConfig config = PipelineConfig.parse("p.yaml", yaml);
    assertThatThrownBy(() -> EventLanding.read(SparkTestSession.get(), config.source()))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND));
  }

  private Dataset<Row> conform(String sourceTail, String... lines) throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    String[] parts = sourceTail.split("validation:", 2);
    String yaml = "name: test\nsource:\n  type: events\n  path: " + file + "\n" + parts[0] + (parts.length > 1 ? "validation:" + parts[1] : "");
    return conformFile(yaml, file);
  }

  private Dataset<Row> conformFile(String yaml, Path file) {
    PipelineConfig config = PipelineConfig.parse("p.yaml", yaml).withOverrides(JobArguments.parse("--pipeline", "p.yaml", "--input", file.toString()));
    Dataset<Row> landing = EventLanding.read(SparkTestSession.get(), config.source());
    return ConformEvents.conform(config.source(), config.validation(), "run-1", RUN_STARTED, landing);
  }
}

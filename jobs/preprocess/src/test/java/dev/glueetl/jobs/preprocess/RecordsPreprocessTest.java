package dev.glueetl.jobs.preprocess;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.job.JobReport;
import dev.glueetl.records.JdbcWatermarks;
import dev.glueetl.testing.SparkTestSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocess job's real {@code main} on {@code records} tables read from CSV files: every reason code, both
 * deduplication policies (latest, first, last) within a batch and against the stored table, SCD2 versions over three runs, a wide layout
 * unpivoted, and folders holding only clean records, only bad ones, or nothing. Expected rows and counts are worked
 * out by hand from the lines written below; each file gets an explicit modification time, since "first seen" means the
 * earliest file.
 */
class RecordsPreprocessTest {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  /** The columns of the item tables, put where a table's lines say {@code ITEM_COLUMNS}. */
  private static final String ITEM_COLUMNS =
      """
      columns:
        - {name: id, nullable: false}
        - {name: qty, type: int, min: 0, max: 10}
        - {name: price, type: "decimal(6,2)", nullable: false}
        - {name: kind, values: [a, b]}
        - {name: day, type: date, nullable: false, format: [yyyy-MM-dd, dd/MM/yyyy]}
        - {name: active, type: boolean}
        - {name: updated_at, type: timestamp, nullable: false}
      """;

  @TempDir Path dir;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void everyReasonCodeAndBothPoliciesWithinABatchAndAgainstTheStoredTable() throws IOException {
    Path pipeline =
        pipeline(
            """
                - name: items
                  path: %s/items
                  ITEM_COLUMNS
                  key: [id]
                  keep: latest
                  order_by: updated_at
                  partition: day
                - name: visits
                  path: %s/visits
                  columns:
                    - {name: visit_id, nullable: false}
                    - {name: note}
                  key: [visit_id]
                  keep: first
            """
                .formatted(dir, dir));
    file("items/1.csv", 0,
        "id,qty,price,kind,day,active,updated_at",
        "i1,1,1.50,a,2025-03-01,yes,2025-03-01T10:00:00", // an older version of i1: superseded
        "i1,2,1.50,a,2025-03-01,yes,2025-03-01T11:00:00", // the latest i1
        "i2,3,2.00,b,02/03/2025,no,2025-03-01T10:00:00", // the other date format
        " i2 ,3,2.00,b,02/03/2025,no, 2025-03-01T10:00:00", // the same record, padded: a duplicate
        "i3,x,1.00,a,2025-03-01,true,2025-03-01T10:00:00", // TYPE_MISMATCH qty
        ",1,1.00,a,2025-03-01,true,2025-03-01T10:00:00", // NULL_IN_REQUIRED id
        "i4,1,1.00,c,2025-03-01,true,2025-03-01T10:00:00", // VALUE_NOT_ALLOWED kind
        "i5,11,1.00,a,2025-03-01,true,2025-03-01T10:00:00", // OUT_OF_RANGE qty
        "i6,1,1.00,a,2025-03-01,true,2025-03-01T10:00:00,x", // MALFORMED_RECORD: one cell too many
        "i7,1,1.005,a,2025-03-01,true,2025-03-01T10:00:00", // TYPE_MISMATCH price: more decimals than the scale
        "i8,1,1.00,a,2025-03-01,true,2025-03-01T10:00:00", // DUPLICATE_KEY_CONFLICT with the next line
        "i8,2,1.00,a,2025-03-01,true,2025-03-01T10:00:00");
    // the later file sorts first by name: "first seen" goes by modification time
    file("visits/b.csv", 0, "visit_id,note", "V1,first", "V1,first", "V2,x");
    file("visits/a.csv", 60, "visit_id,note", "V1,second", "V3,y");

    JobReport first = run(pipeline, "jr_rec_1");

    assertThat(first.counts())
        .containsAllEntriesOf(
            Map.ofEntries(
                Map.entry("items.input_files", 1L),
                Map.entry("items.read", 12L),
                Map.entry("items.trusted", 2L),
                Map.entry("items.inserted", 2L),
                Map.entry("items.duplicates", 1L),
                Map.entry("items.superseded", 1L),
                Map.entry("items.quarantined", 8L),
                Map.entry("items.quarantined.MALFORMED_RECORD", 1L),
                Map.entry("items.quarantined.NULL_IN_REQUIRED", 1L),
                Map.entry("items.quarantined.TYPE_MISMATCH", 2L),
                Map.entry("items.quarantined.VALUE_NOT_ALLOWED", 1L),
                Map.entry("items.quarantined.OUT_OF_RANGE", 1L),
                Map.entry("items.quarantined.DUPLICATE_KEY_CONFLICT", 2L),
                Map.entry("visits.read", 5L),
                Map.entry("visits.trusted", 3L),
                Map.entry("visits.duplicates", 1L),
                Map.entry("visits.superseded", 1L),
                Map.entry("visits.quarantined", 0L)));
    assertThatDataFrame(table("trusted", "items").select("id", "qty", "price", "kind", "day", "active", "updated_at"))
        .hasRows(
            RowFactory.create("i1", 2, new BigDecimal("1.50"), "a", Date.valueOf("2025-03-01"), true, ts("2025-03-01 11:00:00")),
            RowFactory.create("i2", 3, new BigDecimal("2.00"), "b", Date.valueOf("2025-03-02"), false, ts("2025-03-01 10:00:00")));
    assertThatDataFrame(table("trusted", "visits").select("visit_id", "note"))
        .hasRows(RowFactory.create("V1", "first"), RowFactory.create("V2", "x"), RowFactory.create("V3", "y"));
    assertThatDataFrame(table("quarantine", "items").select("reason", "column", "detail", "raw_record"))
        .hasRows(
            RowFactory.create("TYPE_MISMATCH", "qty", "not a value of type int: x", raw("i3", "x", "1.00")),
            RowFactory.create("NULL_IN_REQUIRED", "id", "no value", "{\"qty\":\"1\",\"price\":\"1.00\",\"kind\":\"a\",\"day\":\"2025-03-01\",\"active\":\"true\",\"updated_at\":\"2025-03-01T10:00:00\"}"),
            RowFactory.create("VALUE_NOT_ALLOWED", "kind", "not one of [a, b]: c", "{\"id\":\"i4\",\"qty\":\"1\",\"price\":\"1.00\",\"kind\":\"c\",\"day\":\"2025-03-01\",\"active\":\"true\",\"updated_at\":\"2025-03-01T10:00:00\"}"),
            RowFactory.create("OUT_OF_RANGE", "qty", "outside 0..10: 11", raw("i5", "11", "1.00")),
            RowFactory.create("MALFORMED_RECORD", null, "header has 7 columns", raw("i6", "1", "1.00")),
            RowFactory.create("TYPE_MISMATCH", "price", "not a value of type decimal(6,2): 1.005", raw("i7", "1", "1.005")),
            RowFactory.create("DUPLICATE_KEY_CONFLICT", "updated_at", "another version of the key [id] has the same updated_at and other values", raw("i8", "1", "1.00")),
            RowFactory.create("DUPLICATE_KEY_CONFLICT", "updated_at", "another version of the key [id] has the same updated_at and other values", raw("i8", "2", "1.00")));

    // a second delivery, columns in another order: an older i1 (superseded by the stored one), a newer i2 that moves to
    // another day, a new i9; visits: V2 again with other content (the stored one was first) and V1 exactly as stored
    file("items/2.csv", 120,
        "updated_at,id,kind,qty,price,day,active",
        "2025-03-01T09:00:00,i1,a,5,1.50,2025-03-01,yes",
        "2025-03-02T10:00:00,i2,b,4,2.00,2025-03-03,no",
        "2025-03-01T10:00:00,i9,a,1,1.00,2025-03-01,no");
    file("visits/c.csv", 120, "note,visit_id", "changed,V2", "first,V1");

    JobReport second = run(pipeline, "jr_rec_2");

    assertThat(second.counts())
        .containsAllEntriesOf(
            Map.ofEntries(
                Map.entry("items.input_files", 1L),
                Map.entry("items.skipped_files", 1L),
                Map.entry("items.read", 3L),
                Map.entry("items.inserted", 1L),
                Map.entry("items.updated", 1L),
                Map.entry("items.superseded", 1L),
                Map.entry("items.quarantined", 0L),
                Map.entry("visits.read", 2L),
                Map.entry("visits.trusted", 0L),
                Map.entry("visits.duplicates", 1L),
                Map.entry("visits.superseded", 1L)));
    assertThatDataFrame(table("trusted", "items").select("id", "qty", "day", "updated_at"))
        .hasRows(
            RowFactory.create("i1", 2, Date.valueOf("2025-03-01"), ts("2025-03-01 11:00:00")),
            RowFactory.create("i2", 4, Date.valueOf("2025-03-03"), ts("2025-03-02 10:00:00")),
            RowFactory.create("i9", 1, Date.valueOf("2025-03-01"), ts("2025-03-01 10:00:00")));
    assertThatDataFrame(table("trusted", "visits").select("visit_id", "note"))
        .hasRows(RowFactory.create("V1", "first"), RowFactory.create("V2", "x"), RowFactory.create("V3", "y"));
    // the first run's rejects stay: they came from a file this run did not read
    assertThat(table("quarantine", "items").count()).isEqualTo(8);

    // the same files again, bookmark disabled: nothing changes, every record is a duplicate or superseded
    JobReport again = run(pipeline, "jr_rec_3", "job-bookmark-disable");
    assertThat(again.counts()).containsEntry("items.read", 15L).containsEntry("items.trusted", 0L).containsEntry("items.quarantined", 8L);
    assertThat(table("trusted", "items").count()).isEqualTo(3);
    assertThat(table("quarantine", "items").count()).isEqualTo(8);
  }

  @Test
  void scd2KeepsEveryVersionAcrossThreeRunsEvenWhenOneArrivesLate() throws IOException {
    Path pipeline =
        pipeline(
            """
                - name: customers
                  path: %s/customers
                  columns:
                    - {name: customer_id, type: long}
                    - {name: city}
                    - {name: updated_at, type: timestamp}
                  key: [customer_id]
                  order_by: updated_at
                  history: scd2
            """
                .formatted(dir));
    file("customers/1.csv", 0, "customer_id,city,updated_at", "1,Leeds,2025-03-01 10:00:00", "2,York,2025-03-01 10:00:00");
    assertThat(run(pipeline, "jr_scd_1").counts()).containsEntry("customers.trusted", 2L);
    file("customers/2.csv", 60, "customer_id,city,updated_at", "1,Hull,2025-03-03 10:00:00");
    assertThat(run(pipeline, "jr_scd_2").counts()).containsEntry("customers.trusted", 1L);
    // late: a version between the two stored ones; the current one again; customer 2's version with other content
    file("customers/3.csv", 120,
        "customer_id,city,updated_at", "1,Bath,2025-03-02 10:00:00", "1,Hull,2025-03-03 10:00:00", "2,Ripon,2025-03-01 10:00:00");
    JobReport third = run(pipeline, "jr_scd_3");

    assertThat(third.counts())
        .containsEntry("customers.read", 3L)
        .containsEntry("customers.trusted", 1L)
        .containsEntry("customers.duplicates", 1L)
        .containsEntry("customers.quarantined.DUPLICATE_KEY_CONFLICT", 1L);
    assertThatDataFrame(table("trusted", "customers").select("customer_id", "city", "valid_from", "valid_to", "is_current"))
        .hasRows(
            RowFactory.create(1L, "Leeds", ts("2025-03-01 10:00:00"), ts("2025-03-02 10:00:00"), false),
            RowFactory.create(1L, "Bath", ts("2025-03-02 10:00:00"), ts("2025-03-03 10:00:00"), false),
            RowFactory.create(1L, "Hull", ts("2025-03-03 10:00:00"), null, true),
            RowFactory.create(2L, "York", ts("2025-03-01 10:00:00"), null, true));
  }

  @Test
  void keepLastTakesTheLastDeliveredRecordAndWritesNothingForUnchangedOnes() throws IOException {
    Path pipeline =
        pipeline(
            """
                - name: counts
                  path: %s/counts
                  columns:
                    - {name: region, nullable: false}
                    - {name: total, type: long}
                  key: [region]
                  keep: last
            """
                .formatted(dir));
    // two files in one batch: b.csv (later by time, earlier by name) wins for x; its second y line is its last word
    file("counts/b.csv", 60, "region,total", "x,12", "y,20", "y,21");
    file("counts/a.csv", 0, "region,total", "x,10", "z,5");
    assertThat(run(pipeline, "jr_last_1").counts())
        .containsEntry("counts.read", 5L)
        .containsEntry("counts.inserted", 3L)
        .containsEntry("counts.superseded", 2L)
        .containsEntry("counts.duplicates", 0L);
    // a.csv rewritten in place: x as stored (12), z revised
    file("counts/a.csv", 120, "region,total", "x,12", "z,6");
    assertThat(run(pipeline, "jr_last_2").counts())
        .containsEntry("counts.read", 2L)
        .containsEntry("counts.updated", 1L) // z: 5 -> 6, a revision
        .containsEntry("counts.duplicates", 1L) // x: 12 as stored, not rewritten
        .containsEntry("counts.inserted", 0L);
    assertThatDataFrame(table("trusted", "counts").select("region", "total"))
        .hasRows(RowFactory.create("x", 12L), RowFactory.create("y", 21L), RowFactory.create("z", 6L));
    // the stored x row is the one run 1 wrote
    assertThat(table("trusted", "counts").where("region = 'x'").select("run_id").first().getString(0)).isEqualTo("jr_last_1");
  }

  @Test
  void aWideCsvLayoutJsonLinesAndParquetAreRecordsToo() throws IOException {
    Path pipeline =
        pipeline(
            """
                - name: cases
                  path: %s/cases
                  unpivot: {keep: [Province/State, Country/Region], name: day, value: cases}
                  columns:
                    - {name: province, from: Province/State}
                    - {name: country, from: Country/Region, nullable: false}
                    - {name: day, type: date, format: M/d/yy}
                    - {name: cases, type: long, min: 0}
                  derived: {region: "concat_ws('/', country, province)"}   # a key is never NULL: Andorra has no province
                  key: [region, day]
                  keep: first
                  partition: day
                - name: readings
                  path: %s/readings
                  format: json
                  columns:
                    - {name: sensor, from: sensorId, nullable: false}
                    - {name: value, type: double, nullable: false}
                    - {name: at, type: timestamp, format: epoch_millis}
                  key: [sensor, at]
                  keep: first
                - name: prices
                  path: %s/prices
                  format: parquet
                  columns:
                    - {name: sku, nullable: false}
                    - {name: price, type: "decimal(6,2)", min: 0}
                    - {name: since, type: date}
                  key: [sku]
                  order_by: since
            """
                .formatted(dir, dir, dir));
    file("cases/a.csv", 0, "Province/State,Country/Region,1/22/20,1/23/20", ",Andorra,0,1", "Ontario,Canada,2,3");
    file("cases/b.csv", 60, "Province/State,Country/Region,1/24/20,1/25/20,1/26/20", ",Andorra,2,-1,4");
    file("readings/1.jsonl", 0,
        "{\"sensorId\": \"s1\", \"value\": 1.5, \"at\": 1709287200000, \"room\": \"attic\"}", // a number, a key not declared
        "{\"sensorId\": \"s2\", \"value\": \"2\", \"at\": \"1709287200000\"}", // the same as text
        "{\"sensorId\": \"s3\", \"value\": 3", // cut off: MALFORMED_RECORD
        "{\"sensorId\": \"s4\", \"value\": \"n/a\", \"at\": 1709287200000}"); // TYPE_MISMATCH
    // Parquet brings its own types: a double price and a date
    Files.createDirectories(dir.resolve("prices"));
    spark.createDataFrame(
            java.util.List.of(
                RowFactory.create("p1", 1.25, Date.valueOf("2025-03-01"), "acme"), RowFactory.create("p1", 1.5, Date.valueOf("2025-03-02"), "acme"),
                RowFactory.create("p2", -1.0, Date.valueOf("2025-03-01"), "acme")),
            new org.apache.spark.sql.types.StructType()
                .add("sku", "string").add("price", "double").add("since", "date").add("supplier", "string"))
        .coalesce(1)
        .write()
        .parquet(dir.resolve("prices/batch-1").toString());

    JobReport report = run(pipeline, "jr_layouts");

    // every (region, date) cell is a record: 4 + 3, one of them negative
    assertThat(report.counts()).containsEntry("cases.read", 7L).containsEntry("cases.trusted", 6L).containsEntry("cases.quarantined.OUT_OF_RANGE", 1L);
    assertThatDataFrame(table("trusted", "cases").select("province", "country", "day", "cases"))
        .hasRows(
            RowFactory.create(null, "Andorra", Date.valueOf("2020-01-22"), 0L),
            RowFactory.create(null, "Andorra", Date.valueOf("2020-01-23"), 1L),
            RowFactory.create(null, "Andorra", Date.valueOf("2020-01-24"), 2L),
            RowFactory.create(null, "Andorra", Date.valueOf("2020-01-26"), 4L),
            RowFactory.create("Ontario", "Canada", Date.valueOf("2020-01-22"), 2L),
            RowFactory.create("Ontario", "Canada", Date.valueOf("2020-01-23"), 3L));

    // JSON lines and Parquet: every value as text first, typed as declared, like CSV cells
    assertThat(report.counts())
        .containsEntry("readings.read", 4L)
        .containsEntry("readings.trusted", 2L)
        .containsEntry("readings.quarantined.MALFORMED_RECORD", 1L)
        .containsEntry("readings.quarantined.TYPE_MISMATCH", 1L)
        .containsEntry("prices.read", 3L)
        .containsEntry("prices.trusted", 1L)
        .containsEntry("prices.superseded", 1L)
        .containsEntry("prices.quarantined.OUT_OF_RANGE", 1L);
    assertThatDataFrame(table("trusted", "readings").select("sensor", "value", "at"))
        .hasRows(RowFactory.create("s1", 1.5, ts("2024-03-01 10:00:00")), RowFactory.create("s2", 2.0, ts("2024-03-01 10:00:00")));
    assertThatDataFrame(table("trusted", "prices").select("sku", "price", "since")).hasRows(RowFactory.create("p1", new BigDecimal("1.50"), Date.valueOf("2025-03-02")));
  }

  @Test
  void aBookmarkResetForgetsTheDatabaseWatermarksAndALaterRunSetsThemAgain() {
    dev.glueetl.lake.Lake lake = dev.glueetl.lake.Lake.qualified(dir.resolve("lake").toString(), spark.sparkContext().hadoopConfiguration());
    dev.glueetl.job.TableWrites writes = new dev.glueetl.job.TableWrites(spark, lake);
    Instant at = Instant.parse("2025-03-15T10:00:00Z");
    String crm = "jdbc:postgresql://crm:5432/crm customers";
    JdbcWatermarks.commit(spark, writes, "rec", java.util.List.of(new JdbcWatermarks.Mark("customers", crm, "TIMESTAMP '2025-03-14 09:00:00.000000'")), "jr_1", at);

    assertThat(JdbcWatermarks.reset(spark, writes, lake, "rec", "reset-1", at.plusSeconds(60))).isEqualTo(1);
    assertThat(JdbcWatermarks.latest(spark, lake, "rec")).isEmpty();
    assertThat(JdbcWatermarks.reset(spark, writes, lake, "rec", "reset-2", at.plusSeconds(120))).isZero();

    JdbcWatermarks.commit(spark, writes, "rec", java.util.List.of(new JdbcWatermarks.Mark("customers", crm, "TIMESTAMP '2025-03-15 09:00:00.000000'")), "jr_2", at.plusSeconds(180));
    assertThat(JdbcWatermarks.latest(spark, lake, "rec")).containsEntry("customers", new JdbcWatermarks.Mark("customers", crm, "TIMESTAMP '2025-03-15 09:00:00.000000'"));
  }

  @Test
  void foldersOfOnlyCleanRecordsOnlyBadOnesOrNothing() throws IOException {
    Path pipeline =
        pipeline(
            """
                - name: clean
                  path: %s/clean
                  ITEM_COLUMNS
                  key: [id]
                  order_by: updated_at
                  partition: day
                - name: bad
                  path: %s/bad
                  ITEM_COLUMNS
                  key: [id]
                  order_by: updated_at
                - name: nothing
                  path: %s/nothing
                  ITEM_COLUMNS
                  key: [id]
                  order_by: updated_at
            """
                .formatted(dir, dir, dir));
    file("clean/1.csv", 0, "id,qty,price,kind,day,active,updated_at", "c1,1,1.00,a,2025-03-01,true,2025-03-01T10:00:00", "c2,2,2.00,b,2025-03-02,false,2025-03-01T10:00:00");
    file("bad/1.csv", 0, "id,qty,price,kind,day,active,updated_at", "b1,-1,1.00,a,2025-03-01,true,2025-03-01T10:00:00", "b2,1,free,a,2025-03-01,true,2025-03-01T10:00:00");
    file("bad/header-only.csv", 0, "id,qty,price,kind,day,active,updated_at");
    file("nothing/empty.csv", 0);

    JobReport report = run(pipeline, "jr_folders");

    assertThat(report.counts())
        .containsEntry("clean.read", 2L)
        .containsEntry("clean.trusted", 2L)
        .containsEntry("clean.quarantined", 0L)
        .containsEntry("bad.read", 2L)
        .containsEntry("bad.trusted", 0L)
        .containsEntry("bad.quarantined.OUT_OF_RANGE", 1L)
        .containsEntry("bad.quarantined.TYPE_MISMATCH", 1L)
        .containsEntry("nothing.read", 0L)
        .containsEntry("read", 4L)
        .containsEntry("trusted", 2L)
        .containsEntry("quarantined", 2L);
    assertThat(table("trusted", "clean").count()).isEqualTo(2);
    assertThat(table("quarantine", "clean").count()).isZero();
    assertThat(table("trusted", "bad").count()).isZero();
    assertThat(table("quarantine", "bad").count()).isEqualTo(2);
    assertThat(table("trusted", "nothing").count()).isZero();
  }

  private Path pipeline(String tables) throws IOException {
    Path file = dir.resolve("pipeline-" + System.nanoTime() + ".yaml");
    StringBuilder withColumns = new StringBuilder();
    for (String line : tables.stripIndent().split("\n")) {
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      withColumns.append(line.strip().equals("ITEM_COLUMNS") ? ITEM_COLUMNS.indent(indent.length()) : line + "\n");
    }
    Files.writeString(file, "name: rec\nlake: " + dir.resolve("lake") + "\nsource:\n  type: records\n  tables:\n" + withColumns.toString().indent(4));
    return file;
  }

  /** Writes a landing file whose modification time is {@code secondsAfterT0} after a fixed instant. */
  private void file(String relative, int secondsAfterT0, String... lines) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
    Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(secondsAfterT0)));
  }

  private JobReport run(Path pipeline, String runId) {
    return run(pipeline, runId, "job-bookmark-enable");
  }

  private JobReport run(Path pipeline, String runId, String bookmark) {
    return PreprocessJob.run(
            new String[] {"--JOB_RUN_ID", runId, "--job-bookmark-option", bookmark, "--pipeline", pipeline.toString(), "--lake", dir.resolve("lake").toString()})
        .report();
  }

  private Dataset<Row> table(String zone, String name) {
    return spark.read().format("delta").load(dir.resolve("lake").resolve(zone).resolve("rec").resolve(name).toString());
  }

  private static String raw(String id, String qty, String price) {
    return "{\"id\":\"" + id + "\",\"qty\":\"" + qty + "\",\"price\":\"" + price + "\",\"kind\":\"a\",\"day\":\"2025-03-01\",\"active\":\"true\",\"updated_at\":\"2025-03-01T10:00:00\"}";
  }

  private static Timestamp ts(String text) {
    return Timestamp.valueOf(text);
  }
}

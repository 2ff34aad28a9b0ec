package dev.glueetl.records;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.Ledgers;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The watermarks of a pipeline's database sources, {@code <pipeline>_runs.jdbc_watermarks}, beside the file bookmark:
 * one row per run and table, appended in the same run as the trusted rows it covers. A failed run restores the table
 * with the others (nothing committed), and a killed run never reaches its commit, so the next run reads again from the
 * last committed watermark; the merge by key makes that re-read change nothing.
 */
public final class JdbcWatermarks {
  public static final String TABLE = "jdbc_watermarks";

  static final StructType SCHEMA =
      new StructType()
          .add("table", StringType, false)
          .add("source", StringType, false)
          .add("watermark", StringType, false)
          .add("run_id", StringType, false)
          .add("recorded_at", TimestampType, false)
          .add("seq", LongType, false);

  private JdbcWatermarks() {}

  public static TableId table(String pipeline) {
    return TableId.of(pipeline, Zone.RUNS, TABLE);
  }

  /**
   * The committed watermark of each table (trusted table name → where it was read and the SQL literal); empty before
   * the first run.
   */
  public static Map<String, Mark> latest(SparkSession spark, Lake lake, String pipeline) {
    Map<String, Mark> latest = new LinkedHashMap<>();
    for (Row row : Ledgers.latest(spark, lake.pathOf(table(pipeline)), "table")) {
      String watermark = row.getAs("watermark");
      if (!watermark.isEmpty()) { // empty: reset, the next run reads every row
        latest.put(row.getAs("table"), new Mark(row.getAs("table"), row.getAs("source"), watermark));
      }
    }
    return latest;
  }

  /**
   * One watermark: the trusted table, where its rows were read ({@link #source}: the database URL without parameters
   * and the table, so a watermark is never applied to another database or table) and the value.
   */
  public record Mark(String table, String source, String watermark) {}

  /** What a watermark is the watermark of: the database (URL without its parameters) and its table. */
  public static String source(dev.glueetl.config.JdbcSourceConfig jdbc) {
    return jdbc.displayUrl() + " " + jdbc.table();
  }

  /**
   * Forgets the watermark of every database table ({@code ./glue-etl bookmark reset}): an empty one is appended, so the
   * next run reads every row again, which the merge by key makes change nothing already there. Returns the tables.
   */
  public static int reset(SparkSession spark, TableWrites writes, Lake lake, String pipeline, String runId, Instant at) {
    Map<String, Mark> latest = latest(spark, lake, pipeline);
    if (!latest.isEmpty()) {
      commit(spark, writes, pipeline, latest.values().stream().map(m -> new Mark(m.table(), m.source(), "")).toList(), runId, at);
    }
    return latest.size();
  }

  /** Appends the run's watermarks, one Delta commit. */
  public static void commit(SparkSession spark, TableWrites writes, String pipeline, List<Mark> marks, String runId, Instant at) {
    List<Row> rows = new ArrayList<>();
    long seq = 0;
    for (Mark mark : marks) {
      rows.add(RowFactory.create(mark.table(), mark.source(), mark.watermark(), runId, Timestamp.from(at), seq++));
    }
    writes.append(table(pipeline), SCHEMA, spark.createDataFrame(rows, SCHEMA).coalesce(1));
  }
}

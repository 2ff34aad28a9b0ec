package dev.glueetl.aggregate;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Which version of each trusted table the curated tables were last computed from: {@code <pipeline>_runs.aggregate_state}.
 * The next aggregate run reads the Delta commits after these versions to find the dates that changed.
 */
public final class AggregateState {
  public static final String TABLE = "aggregate_state";
  static final StructType SCHEMA =
      new StructType()
          .add("source", StringType, false)
          .add("version", LongType, false)
          .add("run_id", StringType, false)
          .add("updated_at", TimestampType, false);

  private AggregateState() {}

  public static TableId table(String pipeline) {
    return TableId.of(pipeline, Zone.RUNS, TABLE);
  }

  /** Source catalog name to the version last aggregated; empty when no aggregate run has succeeded yet. */
  public static Map<String, Long> read(SparkSession spark, Lake lake, String pipeline) {
    String path = lake.pathOf(table(pipeline));
    Map<String, Long> versions = new HashMap<>();
    if (DeltaTable.isDeltaTable(spark, path)) {
      for (Row row : spark.read().format("delta").load(path).collectAsList()) {
        versions.put(row.getString(0), row.getLong(1));
      }
    }
    return versions;
  }

  /** Replaces the state with the versions this run aggregated. */
  public static void write(SparkSession spark, TableWrites writes, String pipeline, Map<String, Long> versions, String runId, Instant at) {
    List<Row> rows = new ArrayList<>();
    versions.forEach((source, version) -> rows.add(RowFactory.create(source, version, runId, Timestamp.from(at))));
    TableId table = table(pipeline);
    writes.ensureTable(table, SCHEMA);
    writes.replaceWhere(table, spark.createDataFrame(rows, SCHEMA).coalesce(1), "true");
  }
}

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
 * The next aggregate run reads the Delta commits after these versions to find the dates that changed. A table is named
 * by its Delta table id too: a trusted table deleted and built again starts its versions anew, and its id tells that
 * apart, so the next run recomputes every date instead of trusting version numbers of another table.
 */
public final class AggregateState {
  public static final String TABLE = "aggregate_state";
  static final StructType SCHEMA =
      new StructType()
          .add("source", StringType, false)
          .add("version", LongType, false)
          .add("table_id", StringType)
          .add("run_id", StringType, false)
          .add("updated_at", TimestampType, false);

  private AggregateState() {}

  public static TableId table(String pipeline) {
    return TableId.of(pipeline, Zone.RUNS, TABLE);
  }

  /** A trusted table as aggregated: its Delta table id and version. */
  public record Aggregated(String tableId, long version) {}

  /**
   * Source catalog name to the table and version last aggregated; empty when no aggregate run has succeeded yet. A row
   * written before table ids were recorded has none: that source is recomputed whole once.
   */
  public static Map<String, Aggregated> read(SparkSession spark, Lake lake, String pipeline) {
    String path = lake.pathOf(table(pipeline));
    Map<String, Aggregated> versions = new HashMap<>();
    if (DeltaTable.isDeltaTable(spark, path)) {
      for (Row row : spark.read().format("delta").load(path).collectAsList()) {
        String tableId = java.util.Arrays.asList(row.schema().fieldNames()).contains("table_id") ? row.getAs("table_id") : null;
        versions.put(row.getAs("source"), new Aggregated(tableId == null ? "" : tableId, row.<Long>getAs("version")));
      }
    }
    return versions;
  }

  /** Replaces the state with the tables and versions this run aggregated. */
  public static void write(SparkSession spark, TableWrites writes, String pipeline, Map<String, Aggregated> versions, String runId, Instant at) {
    List<Row> rows = new ArrayList<>();
    versions.forEach((source, aggregated) -> rows.add(RowFactory.create(source, aggregated.version(), aggregated.tableId(), runId, Timestamp.from(at))));
    TableId table = table(pipeline);
    writes.ensureTable(table, SCHEMA);
    writes.replaceWhereOrCreate(table, spark.createDataFrame(rows, SCHEMA).coalesce(1), "true");
  }
}

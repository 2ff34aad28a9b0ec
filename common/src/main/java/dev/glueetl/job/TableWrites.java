package dev.glueetl.job;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta writes of one job run. Each write is one atomic Delta commit; the versions before the run are remembered so
 * that, when a later step fails, {@link #restore} puts every table this run changed back to its previous version (a
 * table this run created is removed). Together: a failed run leaves the previous tables intact.
 */
public final class TableWrites {
  private static final Logger LOG = LoggerFactory.getLogger(TableWrites.class);

  private final SparkSession spark;
  private final Lake lake;
  /** Table to its version before this run's first write, or -1 when the run created it. */
  private final Map<TableId, Long> versionsBefore = new LinkedHashMap<>();

  public TableWrites(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
  }

  /**
   * Creates the table at {@code path} with its declared schema (NOT NULL columns enforced by Delta on every write) and
   * partitioning, unless it exists.
   */
  public void ensureTable(TableId table, StructType schema, String... partitionColumns) {
    remember(table);
    DeltaTable.createIfNotExists(spark)
        .location(lake.pathOf(table))
        .addColumns(schema)
        .partitionedBy(partitionColumns)
        .execute();
  }

  /** A SQL predicate {@code column IN ('a', 'b')} with the values quoted as SQL string literals. */
  public static String inList(String column, List<String> values) {
    StringBuilder sql = new StringBuilder(column).append(" IN (");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append('\'').append(values.get(i).replace("\\", "\\\\").replace("'", "\\'")).append('\'');
    }
    return sql.append(')').toString();
  }

  /**
   * Replaces the partitions present in {@code data} and keeps all others (Delta dynamic partition overwrite); creates
   * the table, partitioned by {@code partitionColumns}, on first write. Returns the rows written.
   */
  public long replacePartitions(TableId table, Dataset<Row> data, String... partitionColumns) {
    remember(table);
    String path = lake.pathOf(table);
    data.write()
        .format("delta")
        .mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(partitionColumns)
        .save(path);
    return rowsWritten(path);
  }

  /** Replaces the rows matching {@code condition} (a SQL predicate every row of {@code data} satisfies). */
  public long replaceWhere(TableId table, Dataset<Row> data, String condition) {
    remember(table);
    String path = lake.pathOf(table);
    data.write().format("delta").mode("overwrite").option("replaceWhere", condition).save(path);
    return rowsWritten(path);
  }

  /**
   * Replaces the rows matching {@code condition}, or creates the table from {@code data}'s schema when it does not
   * exist (tables whose schema a user's query decides, such as curated metrics). New columns are added to the table.
   */
  public long replaceWhereOrCreate(TableId table, Dataset<Row> data, String condition) {
    remember(table);
    String path = lake.pathOf(table);
    if (DeltaTable.isDeltaTable(spark, path)) {
      data.write().format("delta").mode("overwrite").option("replaceWhere", condition).option("mergeSchema", "true").save(path);
    } else {
      data.write().format("delta").mode("overwrite").save(path);
    }
    return rowsWritten(path);
  }

  /** Appends {@code data} (creating the table with {@code schema} when missing). Returns the rows written. */
  public long append(TableId table, StructType schema, Dataset<Row> data) {
    ensureTable(table, schema);
    data.write().format("delta").mode("append").save(lake.pathOf(table));
    return rowsWritten(lake.pathOf(table));
  }

  /** Deletes the rows whose {@code key} columns match a row of {@code keys} (one Delta MERGE). Returns rows deleted. */
  public long deleteMatching(TableId table, Dataset<Row> keys, List<String> key) {
    remember(table);
    String path = lake.pathOf(table);
    String condition = key.stream().map(k -> "t.`" + k + "` = k.`" + k + "`").collect(java.util.stream.Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path).as("t").merge(keys.as("k"), condition).whenMatched().delete().execute();
    Row last = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").first();
    String deleted = last.<String, String>getJavaMap(0).get("numTargetRowsDeleted");
    return deleted == null ? 0 : Long.parseLong(deleted);
  }

  /** The table as this run committed it, for steps that derive one table from another. */
  public Dataset<Row> read(TableId table) {
    String path = lake.pathOf(table);
    return spark.read().format("delta").option("versionAsOf", version(path)).load(path);
  }

  /** Restores every table this run changed; returns their catalog names. Never throws: it runs on a failure path. */
  public String restore() {
    List<String> restored = new ArrayList<>();
    versionsBefore.forEach(
        (table, before) -> {
          String path = lake.pathOf(table);
          try {
            if (before < 0) {
              Path dir = new Path(path);
              FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
              if (fs.exists(dir)) {
                fs.delete(dir, true);
                restored.add(table + " (removed: created by this run)");
              }
            } else if (version(path) > before) {
              DeltaTable.forPath(spark, path).restoreToVersion(before);
              restored.add(table + " (version " + before + ")");
            }
          } catch (IOException | RuntimeException e) {
            LOG.error("could not restore {} at {} to version {}: {}", table, path, before, Errors.rootMessage(e));
          }
        });
    return String.join(", ", restored);
  }

  private void remember(TableId table) {
    if (!versionsBefore.containsKey(table)) {
      String path = lake.pathOf(table);
      versionsBefore.put(table, DeltaTable.isDeltaTable(spark, path) ? version(path) : -1L);
    }
  }

  private long version(String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
  }

  private long rowsWritten(String path) {
    Row last = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").first();
    Map<String, String> metrics = last.getJavaMap(0);
    String rows = metrics.get("numOutputRows");
    if (rows == null) {
      throw new IllegalStateException("Delta commit at " + path + " has no numOutputRows metric: " + metrics);
    }
    return Long.parseLong(rows);
  }
}

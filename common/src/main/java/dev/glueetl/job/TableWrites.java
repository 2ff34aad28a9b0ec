package dev.glueetl.job;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.DeltaSnapshots;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.spark.Observations;
import dev.glueetl.spark.Observer;
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
    if (versionsBefore.get(table) >= 0) {
      return;
    }
    DeltaTable.createIfNotExists(spark)
        .location(lake.pathOf(table))
        .addColumns(schema)
        .partitionedBy(partitionColumns)
        .execute();
  }

  /** Whether this run created {@code table} (so it held nothing before the run's own writes). */
  public boolean createdByThisRun(TableId table) {
    return versionsBefore.getOrDefault(table, 0L) < 0;
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
    return counted(
        data,
        rows ->
            rows.write()
                .format("delta")
                .mode("overwrite")
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy(partitionColumns)
                .save(path));
  }

  /** Replaces the rows matching {@code condition} (a SQL predicate every row of {@code data} satisfies). */
  public long replaceWhere(TableId table, Dataset<Row> data, String condition) {
    remember(table);
    String path = lake.pathOf(table);
    return counted(data, rows -> rows.write().format("delta").mode("overwrite").option("replaceWhere", condition).save(path));
  }

  /**
   * Replaces the rows matching {@code condition} with {@code data} in a table of {@code schema}, creating it when
   * missing: a table this run created holds nothing to replace, so its rows are appended without a replaceWhere scan.
   * Returns the rows written.
   */
  public long replaceRows(TableId table, StructType schema, Dataset<Row> data, String condition) {
    ensureTable(table, schema);
    return createdByThisRun(table) ? append(table, schema, data) : replaceWhere(table, data, condition);
  }

  /**
   * Replaces the rows matching {@code condition}, or creates the table from {@code data}'s schema when it does not
   * exist (tables whose schema a user's query decides, such as curated metrics). New columns are added to the table.
   */
  public long replaceWhereOrCreate(TableId table, Dataset<Row> data, String condition) {
    remember(table);
    String path = lake.pathOf(table);
    if (DeltaSnapshots.exists(spark, path)) {
      return counted(
          data, rows -> rows.write().format("delta").mode("overwrite").option("replaceWhere", condition).option("mergeSchema", "true").save(path));
    }
    return counted(data, rows -> rows.write().format("delta").mode("overwrite").save(path));
  }

  /** Appends {@code data} (creating the table with {@code schema} when missing). Returns the rows written. */
  public long append(TableId table, StructType schema, Dataset<Row> data) {
    ensureTable(table, schema);
    return counted(data, rows -> rows.write().format("delta").mode("append").save(lake.pathOf(table)));
  }

  /**
   * Removes exactly some rows of a table: every row whose {@code key} columns match a row of {@code keys} (NULL-safe) is
   * deleted in one Delta MERGE, then {@code keep}, the rows of those keys that stay, is appended again. Rows that are
   * identical in every column are told apart this way, which a delete by content could not do.
   */
  public void deleteKeysKeeping(TableId table, Dataset<Row> keys, List<String> key, Dataset<Row> keep) {
    remember(table);
    String path = lake.pathOf(table);
    String condition = key.stream().map(k -> "t.`" + k + "` <=> k.`" + k + "`").collect(java.util.stream.Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path).as("t").merge(keys.as("k"), condition).whenMatched().delete().execute();
    counted(keep, rows -> rows.write().format("delta").mode("append").save(path));
  }

  /**
   * One Delta MERGE of {@code source} into {@code table}: each source row's {@code opColumn} says what it does,
   * {@code D} deletes the target row it matches, {@code U} updates it (every column of {@code schema}) or inserts
   * itself when it matches none, {@code I} inserts itself (it matches none).
   */
  public void merge(TableId table, Dataset<Row> source, String condition, String opColumn, StructType schema) {
    remember(table);
    Map<String, String> values = new LinkedHashMap<>();
    for (String column : schema.fieldNames()) {
      values.put("`" + column + "`", "s.`" + column + "`");
    }
    DeltaTable.forPath(spark, lake.pathOf(table))
        .as("t")
        .merge(source.as("s"), condition)
        .whenMatched("s." + opColumn + " = 'D'")
        .delete()
        .whenMatched("s." + opColumn + " = 'U'")
        .updateExpr(values)
        .whenNotMatched("s." + opColumn + " IN ('U', 'I')")
        .insertExpr(values)
        .execute();
  }

  /**
   * One Delta MERGE of {@code source} into {@code table} on the columns {@code on}: a matching row is replaced by the
   * source row (every column of {@code schema}) when {@code replaceWhen} holds (a SQL condition over {@code t.} and
   * {@code s.}; empty: never), a source row matching none is inserted.
   */
  public void upsert(TableId table, Dataset<Row> source, List<String> on, java.util.Optional<String> replaceWhen, StructType schema) {
    remember(table);
    Map<String, String> values = new LinkedHashMap<>();
    for (String column : schema.fieldNames()) {
      values.put("`" + column + "`", "s.`" + column + "`");
    }
    String condition = on.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(java.util.stream.Collectors.joining(" AND "));
    io.delta.tables.DeltaMergeBuilder merge = DeltaTable.forPath(spark, lake.pathOf(table)).as("t").merge(source.as("s"), condition);
    if (replaceWhen.isPresent()) {
      merge = merge.whenMatched(replaceWhen.get()).updateExpr(values);
    }
    merge.whenNotMatched().insertExpr(values).execute();
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
      versionsBefore.put(table, DeltaSnapshots.version(spark, lake.pathOf(table)));
    }
  }

  private long version(String path) {
    return DeltaSnapshots.version(spark, path);
  }

  /**
   * Runs {@code write} on {@code data} and returns the rows it wrote, observed on the data itself while it is written.
   * Delta's {@code numOutputRows} is no substitute: an empty write records no such metric, and a {@code replaceWhere}
   * counts the rows it copied out of rewritten files as well.
   */
  private long counted(Dataset<Row> data, java.util.function.Consumer<Dataset<Row>> write) {
    Observer written = Observer.of(spark, "rows_written");
    write.accept(written.observe(data, count(lit(1)).as("rows")));
    return Observations.count(written.values(), "rows");
  }
}

package dev.glueetl.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Ledger tables: Delta tables only ever appended to (the file bookmark, the database watermarks), where each row says
 * what happened to a key at {@code recorded_at} (and {@code seq} within one append), so the latest row of a key is its
 * state.
 */
public final class Ledgers {
  private Ledgers() {}

  /** The latest row of every value of {@code key}, by key; empty when the ledger does not exist yet. */
  public static List<Row> latest(SparkSession spark, String path, String key) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return List.of();
    }
    return spark.read().format("delta").load(path)
        .withColumn("_latest", row_number().over(Window.partitionBy(key).orderBy(desc("recorded_at"), desc("seq"))))
        .where(col("_latest").equalTo(1))
        .drop("_latest")
        .orderBy(key)
        .collectAsList();
  }
}

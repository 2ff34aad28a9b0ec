package dev.glueetl.records;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.glueetl.config.RecordTableConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Decides what becomes of each good record of a batch, by key, against the batch and against the trusted table:
 * column {@code _outcome}.
 *
 * <pre>
 * keep: latest, order_by updated_at; stored: C1 @ 10:00
 * C1 @ 09:00           SUPERSEDED   older than the stored version
 * C1 @ 11:00 (twice)   UPDATE, DUPLICATE
 * C2 @ 10:00 "a"       CONFLICT     same key and updated_at, different content: which one is right is unknown
 * C2 @ 10:00 "b"       CONFLICT
 * C3 @ 08:00           INSERT       a new key
 * </pre>
 *
 * With {@code keep: first} the earliest record of a key (file by modification time, then position) wins and a stored
 * record is never replaced; with {@code keep: last} the latest record of a key (file by modification time, then
 * position) wins and replaces a stored record whose content differs; with {@code history: scd2} every distinct version of a key is an INSERT (a new version),
 * unless the table holds it already. Exact copies are DUPLICATE either way. One shuffle, by key.
 */
public final class DeduplicateRecords {
  /** What becomes of a good record. */
  public enum Outcome {
    /** A key the trusted table does not hold, or (scd2) a version it does not hold: written. */
    INSERT,
    /** A newer version of a stored key: replaces it. */
    UPDATE,
    /** An exact copy of another record of the batch or of the stored version: dropped, counted. */
    DUPLICATE,
    /** An older version (or, keeping the first, a later one) of a key: dropped, counted. */
    SUPERSEDED,
    /** A version tied with another on order_by with other content: quarantined. */
    CONFLICT
  }

  /** The content hash of a record: its declared columns (what "the same record" means). */
  static final String HASH = "_hash";

  private DeduplicateRecords() {}

  /** The content hash column over the declared columns. */
  static Column hash(RecordTableConfig table) {
    return xxhash64(table.columns().stream().map(c -> col(c.name())).toArray(Column[]::new));
  }

  /**
   * Classifies the good records of a batch: {@code _outcome} is INSERT for the candidates (to be compared with the
   * stored table by {@link #againstStored}), or DUPLICATE, SUPERSEDED, CONFLICT.
   */
  public static Dataset<Row> withinBatch(RecordTableConfig table, Dataset<Row> good) {
    Column[] key = table.key().stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> hashed = good.withColumn(HASH, hash(table)).repartition(key);
    WindowSpec byKey = Window.partitionBy(key);
    Column[] arrival = {col("_file_order"), col("_position")};
    if (table.keep() != RecordTableConfig.Keep.LATEST) {
      Column[] order =
          table.keep() == RecordTableConfig.Keep.FIRST ? arrival : new Column[] {col("_file_order").desc(), col("_position").desc()};
      Column rank = row_number().over(byKey.orderBy(order));
      Dataset<Row> ranked = hashed.withColumn("_rank", rank);
      Column firstHash = max(when(col("_rank").equalTo(1), col(HASH))).over(byKey);
      return ranked
          .withColumn(
              "_outcome",
              when(col("_rank").equalTo(1), lit(Outcome.INSERT.name()))
                  .when(col(HASH).equalTo(firstHash), lit(Outcome.DUPLICATE.name()))
                  .otherwise(lit(Outcome.SUPERSEDED.name())))
          .drop("_rank");
    }
    Column orderBy = col(table.orderBy().orElseThrow());
    List<Column> versionKey = new ArrayList<>(List.of(key));
    versionKey.add(orderBy);
    WindowSpec byVersion = Window.partitionBy(versionKey.toArray(new Column[0]));
    Dataset<Row> versions =
        hashed
            .withColumn("_conflict", min(col(HASH)).over(byVersion).notEqual(max(col(HASH)).over(byVersion)))
            .withColumn("_copy", row_number().over(byVersion.orderBy(arrival)).gt(1));
    Column latest = max(when(col("_conflict").equalTo(false).and(col("_copy").equalTo(false)), orderBy)).over(byKey);
    boolean scd2 = table.history() == RecordTableConfig.History.SCD2;
    return versions
        .withColumn(
            "_outcome",
            when(col("_conflict"), lit(Outcome.CONFLICT.name()))
                .when(col("_copy"), lit(Outcome.DUPLICATE.name()))
                .when(orderBy.equalTo(latest).or(lit(scd2)), lit(Outcome.INSERT.name()))
                .otherwise(lit(Outcome.SUPERSEDED.name())))
        .drop("_conflict", "_copy");
  }

  /**
   * The batch's candidates (INSERT) compared with the stored table: a new key (or scd2 version) stays INSERT; with
   * {@code keep: latest} a newer version becomes UPDATE, an older one SUPERSEDED, the same one DUPLICATE and a different
   * one with the same order_by CONFLICT; with {@code keep: first} any stored record wins (DUPLICATE or SUPERSEDED); with
   * {@code keep: last} the batch's record wins when its content differs (UPDATE), else it is a DUPLICATE.
   *
   * @param stored the trusted table as it is now
   */
  public static Dataset<Row> againstStored(RecordTableConfig table, Dataset<Row> classified, Dataset<Row> stored) {
    boolean scd2 = table.history() == RecordTableConfig.History.SCD2;
    List<String> joinKey = new ArrayList<>(table.key());
    List<Column> storedColumns = new ArrayList<>();
    for (String k : table.key()) {
      storedColumns.add(col(k).as("_s_" + k));
    }
    storedColumns.add(hash(table).as("_s_hash"));
    if (scd2) {
      storedColumns.add(col("valid_from").as("_s_order"));
    } else if (table.orderBy().isPresent()) {
      storedColumns.add(col(table.orderBy().get()).as("_s_order"));
    } else {
      storedColumns.add(lit(null).as("_s_order"));
    }
    if (scd2) {
      joinKey.add(table.orderBy().orElseThrow());
    }
    Dataset<Row> storedKeys = stored.select(storedColumns.toArray(new Column[0]));
    Column on = lit(true);
    for (String k : table.key()) {
      on = on.and(col(k).equalTo(col("_s_" + k)));
    }
    if (scd2) {
      on = on.and(col(table.orderBy().get()).cast("timestamp").equalTo(col("_s_order")));
    }
    Column candidate = col("_outcome").equalTo(Outcome.INSERT.name());
    Column storedExists = col("_s_hash").isNotNull();
    Column sameContent = col(HASH).equalTo(col("_s_hash"));
    Column outcome;
    if (table.keep() == RecordTableConfig.Keep.FIRST) {
      outcome = when(candidate.and(storedExists), when(sameContent, lit(Outcome.DUPLICATE.name())).otherwise(lit(Outcome.SUPERSEDED.name())));
    } else if (table.keep() == RecordTableConfig.Keep.LAST) {
      // a re-delivered file repeats most of what is stored: only records whose content changed are rewritten
      outcome = when(candidate.and(storedExists), when(sameContent, lit(Outcome.DUPLICATE.name())).otherwise(lit(Outcome.UPDATE.name())));
    } else if (scd2) {
      outcome = when(candidate.and(storedExists), when(sameContent, lit(Outcome.DUPLICATE.name())).otherwise(lit(Outcome.CONFLICT.name())));
    } else {
      Column order = col(table.orderBy().get());
      outcome =
          when(
              candidate.and(storedExists),
              when(order.gt(col("_s_order")), lit(Outcome.UPDATE.name()))
                  .when(order.lt(col("_s_order")), lit(Outcome.SUPERSEDED.name()))
                  .when(sameContent, lit(Outcome.DUPLICATE.name()))
                  .otherwise(lit(Outcome.CONFLICT.name())));
    }
    Dataset<Row> joined = classified.join(storedKeys, on, "left");
    Dataset<Row> result = joined.withColumn("_outcome", org.apache.spark.sql.functions.coalesce(outcome, col("_outcome")));
    for (String c : storedKeys.columns()) {
      result = result.drop(c);
    }
    return result;
  }
}

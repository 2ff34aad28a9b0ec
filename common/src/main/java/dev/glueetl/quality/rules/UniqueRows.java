package dev.glueetl.quality.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import dev.glueetl.quality.rules.RowRule.RowCheck;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The row test of the uniqueness rules: of each key value, the first row in the order of all columns passes and the
 * duplicates after it fail, so that quarantining the failing rows keeps one row of each key, even among rows identical
 * in every column.
 */
final class UniqueRows {
  private UniqueRows() {}

  /** IsUnique, Uniqueness: a row with a NULL in the key passes (Deequ's uniqueness ignores NULLs). */
  static RowCheck firstOfEachValue(Dataset<Row> data, List<String> key, RowScope scope) {
    Ranked ranked = rank(data, key, scope);
    return new RowCheck(ranked.data(), ranked.nullInKey().or(ranked.first()));
  }

  /** IsPrimaryKey: a row with a NULL in the key fails. */
  static RowCheck firstOfEachCompleteKey(Dataset<Row> data, List<String> key, RowScope scope) {
    Ranked ranked = rank(data, key, scope);
    return new RowCheck(ranked.data(), not(ranked.nullInKey()).and(ranked.first()));
  }

  /**
   * @param data the data with a helper column ranking the rows of each key
   * @param nullInKey whether a key column is NULL
   * @param first whether the row is the first of its key
   */
  private record Ranked(Dataset<Row> data, Column nullInKey, Column first) {}

  private static Ranked rank(Dataset<Row> data, List<String> key, RowScope scope) {
    String rank = scope.helperColumn();
    Column[] order = scope.columns().stream().map(c -> col(Predicates.quote(c)).asc_nulls_first()).toArray(Column[]::new);
    Column[] partition = key.stream().map(c -> col(Predicates.quote(c))).toArray(Column[]::new);
    Dataset<Row> ranked = data.withColumn(rank, row_number().over(Window.partitionBy(partition).orderBy(order)));
    Column nullInKey = lit(false);
    for (Column k : partition) {
      nullInKey = nullInKey.or(k.isNull());
    }
    return new Ranked(ranked, nullInKey, col(rank).equalTo(1));
  }
}

package dev.glueetl.quality.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code ReferentialIntegrity "order_id" "orders.{order_id}" = 1.0}: the share of rows whose columns are found in the
 * reference dataset (by alias), judged by the condition. Row-level: a row not found fails. Evaluated directly: Deequ has
 * no such metric. Metric {@code Column.c.ReferentialIntegrity}.
 */
public record ReferentialIntegrity() implements RowRule {
  private static final String FOUND = "_dq_found";

  @Override
  public void plan(DQRule rule, Plan plan) {
    Reference reference = Reference.of(rule, plan.references());
    reference.primary().forEach(plan::requireColumn);
    Row counts = reference.lookUp(plan.data(), FOUND).agg(count(lit(1)), count(col(FOUND))).first();
    long total = counts.getLong(0);
    double share = total == 0 ? 1.0 : counts.getLong(1) / (double) total;
    plan.value("Column." + String.join(",", reference.primary()) + ".ReferentialIntegrity", share);
  }

  @Override
  public RowCheck rowCheck(DQRule rule, Dataset<Row> data, RowScope scope) {
    String found = scope.helperColumn();
    return new RowCheck(Reference.of(rule, scope.references()).lookUp(data, found), col(found).isNotNull());
  }

  /** A rule's primary columns and the reference dataset's key columns, as {@code _dq_ref_<i>}. */
  private record Reference(List<String> primary, Dataset<Row> keys) {
    static Reference of(DQRule rule, Map<String, Dataset<Row>> references) {
      List<String> primary = splitColumns(rule.getParameters().get("PrimaryDatasetColumns"));
      String target = rule.getParameters().get("ReferenceDatasetColumns");
      int dot = target.indexOf('.');
      if (dot < 0) {
        throw new IllegalArgumentException("reference '" + target + "' is not <alias>.<column> or <alias>.{<columns>}");
      }
      String alias = target.substring(0, dot);
      Dataset<Row> dataset = references.get(alias);
      if (dataset == null) {
        throw new IllegalArgumentException("no reference dataset '" + alias + "' (known: " + String.join(", ", references.keySet()) + ")");
      }
      List<String> columns = splitColumns(target.substring(dot + 1).replace("{", "").replace("}", ""));
      if (columns.size() != primary.size()) {
        throw new IllegalArgumentException(primary.size() + " primary columns but " + columns.size() + " reference columns");
      }
      Column[] keys = new Column[columns.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = col(Predicates.quote(columns.get(i))).as("_dq_ref_" + i);
      }
      return new Reference(primary, dataset.select(keys).distinct());
    }

    /** {@code data} with column {@code found}: true where the row's columns are in the reference, else NULL. */
    Dataset<Row> lookUp(Dataset<Row> data, String found) {
      Dataset<Row> marked = keys.withColumn(found, lit(true));
      Column condition = lit(true);
      for (int k = 0; k < primary.size(); k++) {
        condition = condition.and(data.col(Predicates.quote(primary.get(k))).equalTo(marked.col("_dq_ref_" + k)));
      }
      return data.join(marked, condition, "left").drop(Arrays.stream(marked.columns()).filter(c -> c.startsWith("_dq_ref_")).toArray(String[]::new));
    }

    private static List<String> splitColumns(String text) {
      return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}

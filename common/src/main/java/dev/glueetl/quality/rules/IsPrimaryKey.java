package dev.glueetl.quality.rules;

import static dev.glueetl.quality.rules.Deequ.seq;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code IsPrimaryKey "order_id" "line_no"}: as in Glue, every key column complete and the columns together unique.
 * Row-level: a row with a NULL in the key fails, and of each key the first row passes and the duplicates fail. Metrics:
 * the completeness of each column, {@code Column.c.Uniqueness} or {@code Multicolumn.a,b.Uniqueness}.
 */
public record IsPrimaryKey() implements RowRule {
  /** The key columns: TargetColumn1, TargetColumn2, ... */
  @Override
  public List<String> columns(DQRule rule) {
    List<String> key = new ArrayList<>();
    for (int i = 1; rule.getParameters().containsKey("TargetColumn" + i); i++) {
      key.add(rule.getParameters().get("TargetColumn" + i));
    }
    if (key.isEmpty() && rule.getParameters().containsKey("TargetColumn")) {
      key.add(rule.getParameters().get("TargetColumn"));
    }
    return key;
  }

  @Override
  public void plan(DQRule rule, Plan plan) {
    List<String> key = columns(rule);
    for (String column : key) {
      plan.metric(Completeness.metricName(column), Completeness.of(column), v -> v == 1.0);
    }
    String uniqueness = key.size() == 1 ? Uniqueness.metricName(key.get(0)) : "Multicolumn." + String.join(",", key) + ".Uniqueness";
    plan.metric(uniqueness, (check, assertion) -> check.hasUniqueness(seq(key), assertion), v -> v == 1.0);
  }

  @Override
  public RowCheck rowCheck(DQRule rule, Dataset<Row> data, RowScope scope) {
    return UniqueRows.firstOfEachCompleteKey(data, columns(rule), scope);
  }
}

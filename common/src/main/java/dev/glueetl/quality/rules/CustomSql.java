package dev.glueetl.quality.rules;

import dev.glueetl.sql.QueryText;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code CustomSql "select count(*) from primary where total < 0" = 0}: a query over the data (view {@code primary}).
 * A query returning one number is judged by the condition (metric {@code Dataset.*.CustomSQL}); a query returning rows
 * gives the share of the data's rows it returns, which must be 1 or meet the threshold (metric
 * {@code Dataset.*.CustomSQL.Compliance}). Evaluated directly: Deequ has no such metric.
 */
public record CustomSql() implements RuleType {
  @Override
  public boolean takesThreshold() {
    return true;
  }

  /** The statement must be exactly one query that calls no code. */
  @Override
  public void validate(DQRule rule, String source) {
    QueryText.requireSingleQuery(statement(rule), source + ", CustomSql rule");
  }

  @Override
  public void plan(DQRule rule, Plan plan) {
    Dataset<Row> data = plan.data();
    data.createOrReplaceTempView("primary");
    Dataset<Row> result = plan.spark().sql(statement(rule));
    List<Row> first = result.limit(2).collectAsList();
    boolean single = first.size() == 1 && result.columns().length == 1 && first.get(0).get(0) instanceof Number;
    if (single) {
      plan.value("Dataset.*.CustomSQL", ((Number) first.get(0).get(0)).doubleValue());
      return;
    }
    long total = data.count();
    plan.share("Dataset.*.CustomSQL.Compliance", total == 0 ? 1.0 : (double) result.count() / total);
  }

  private static String statement(DQRule rule) {
    return rule.getParameters().get("CustomSqlStatement");
  }
}

package dev.glueetl.quality.rules;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/** A rule type that judges each row, so that its failing rows can be shown in reports and quarantined. */
public interface RowRule extends RuleType {
  /**
   * Which rows of {@code data} pass the rule. The check may add helper columns to the data (named by {@link
   * RowScope#helperColumn()}); the caller applies the rule's {@code where} clause and drops the helpers.
   */
  RowCheck rowCheck(DQRule rule, Dataset<Row> data, RowScope scope);

  /**
   * The outcome of each row.
   *
   * @param prepared the data, with any helper columns {@code pass} reads
   * @param pass true for the rows that pass
   */
  record RowCheck(Dataset<Row> prepared, Column pass) {}
}

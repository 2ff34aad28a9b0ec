package dev.glueetl.quality.rules;

import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * A row-level rule type whose test reads only the row's own values. Composites of such rules (without thresholds)
 * combine per row, as Glue evaluates them: {@code (ColumnValues "x" > 10) or (ColumnValues "x" = NULL)} is one
 * condition on each row.
 */
public interface RowCondition extends RowRule {
  /** The row's test, never NULL; {@code now} is the instant {@code now()} refers to. */
  Column condition(DQRule rule, Instant now);

  @Override
  default RowCheck rowCheck(DQRule rule, Dataset<Row> data, RowScope scope) {
    return new RowCheck(data, condition(rule, scope.now()));
  }
}

package dev.glueetl.quality.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a {@link RuleType} declares its measurement on, for one rule. Metrics named here follow Glue's naming
 * ({@code Column.total.Mean}); metrics that Deequ computes get the rule's {@code where} clause appended to their name
 * and applied to their constraint. Judging is the evaluator's: a {@link RuleType} only says what is measured and, for
 * fixed tests, what must hold.
 */
public interface Plan {
  /** The data the rule is evaluated on. */
  Dataset<Row> data();

  SparkSession spark();

  /** The instant {@code now()} and DataFreshness refer to. */
  Instant now();

  /** Datasets that ReferentialIntegrity rules name by alias. */
  Map<String, Dataset<Row>> references();

  /** The data's columns. */
  List<String> columns();

  /** @throws IllegalArgumentException naming the column, when the data lacks it */
  void requireColumn(String column);

  /** A Deequ metric judged by the rule's condition, which may be dynamic ({@code > avg(last(5))}). */
  void metric(String name, DeequMetric metric);

  /** A Deequ metric judged by a fixed test (IsComplete: completeness == 1). */
  void metric(String name, DeequMetric metric, DoublePredicate test);

  /**
   * The share of rows for which {@code predicate} holds, computed by Deequ: judged by {@code with threshold} when the
   * rule type takes one and the rule has one, else required to be 1.
   */
  void compliance(String name, Column predicate);

  /** A value computed without Deequ, judged by the rule's condition. */
  void value(String name, double value);

  /** A share of rows computed without Deequ, judged as {@link #compliance} judges its share. */
  void share(String name, double share);

  /** The rule passes, with no metric (ColumnExists). */
  void passed();

  /** The rule fails for {@code reason}, with no metric (ColumnExists). */
  void failed(String reason);
}

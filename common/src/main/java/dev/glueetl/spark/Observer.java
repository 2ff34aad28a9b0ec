package dev.glueetl.spark;

import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.Option;

/**
 * Metrics observed on a Dataset while an action (a table write) runs it: counts taken in the same pass as the write,
 * with no second read.
 *
 * <p>Why not Spark's {@link org.apache.spark.sql.Observation}: its {@code get} waits until the metrics arrive, and
 * they never do when adaptive execution finds the observed node's input empty after a shuffle and replaces that part
 * of the plan (a landing file of only blank lines made a run hang). Here, once the action has returned, the listener
 * events are drained and metrics that did not arrive read as absent: a count over no rows is 0 either way.
 *
 * <pre>
 * Observer written = Observer.of(spark, "written");
 * written.observe(rows, count(lit(1)).as("rows")).write()...save(path);
 * long rows = Observations.count(written.values(), "rows");
 * </pre>
 */
public final class Observer {
  private static final AtomicLong IDS = new AtomicLong();
  private static final long DRAIN_TIMEOUT_MS = 60_000;

  private final SparkSession spark;
  private final String name;
  private final QueryExecutionListener listener;
  private volatile Row metrics;

  private Observer(SparkSession spark, String label) {
    this.spark = spark;
    this.name = label + "_" + IDS.incrementAndGet();
    this.listener =
        new QueryExecutionListener() {
          @Override
          public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
            Option<Row> row = qe.observedMetrics().get(name);
            if (row.isDefined()) {
              metrics = row.get();
            }
          }

          @Override
          public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
        };
    spark.listenerManager().register(listener);
  }

  /** An observer named after {@code label} (unique per use). */
  public static Observer of(SparkSession spark, String label) {
    return new Observer(spark, label);
  }

  /** {@code data} with the metrics attached; run exactly one action on the result. */
  public Dataset<Row> observe(Dataset<Row> data, Column metric, Column... moreMetrics) {
    return data.observe(name, metric, moreMetrics);
  }

  /** The observed values by metric name, after the action; empty when the observed rows never reached the node. */
  public Map<String, Object> values() {
    try {
      if (metrics == null) {
        spark.sparkContext().listenerBus().waitUntilEmpty(DRAIN_TIMEOUT_MS);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener events were not delivered within " + DRAIN_TIMEOUT_MS + " ms", e);
    } finally {
      spark.listenerManager().unregister(listener);
    }
    Row row = metrics;
    if (row == null) {
      return Map.of();
    }
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    for (String field : row.schema().fieldNames()) {
      values.put(field, row.getAs(field));
    }
    return values;
  }
}

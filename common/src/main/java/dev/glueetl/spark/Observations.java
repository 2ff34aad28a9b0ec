package dev.glueetl.spark;

import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Observation;

/** Reads metrics that Spark observed during an action ({@link org.apache.spark.sql.Dataset#observe}). */
public final class Observations {
  private Observations() {}

  /** The observed values by name; call after the action that computed them has finished. */
  public static Map<String, Object> values(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading observed metrics " + observation.name(), e);
    }
  }

  /** An observable metric: how many rows satisfy {@code condition}, named {@code name}. */
  public static Column countIf(Column condition, String name) {
    return sum(when(condition, 1L).otherwise(0L)).as(name);
  }

  /** One observed count; 0 when the metric is NULL (a sum over no rows). */
  public static long count(Map<String, Object> values, String name) {
    Object value = values.get(name);
    return value == null ? 0L : ((Number) value).longValue();
  }
}

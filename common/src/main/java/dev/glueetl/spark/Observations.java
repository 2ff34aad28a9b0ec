package dev.glueetl.spark;

import java.util.Map;
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

  /** One observed count; 0 when the metric is NULL (a sum over no rows). */
  public static long count(Map<String, Object> values, String name) {
    Object value = values.get(name);
    return value == null ? 0L : ((Number) value).longValue();
  }
}

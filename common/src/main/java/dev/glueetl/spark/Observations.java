package dev.glueetl.spark;

import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/** Metric columns to observe with an {@link Observer}, and readers of the values it observed. */
public final class Observations {
  private Observations() {}

  /** An observable metric: how many rows satisfy {@code condition}, named {@code name}. */
  public static Column countIf(Column condition, String name) {
    return sum(when(condition, 1L).otherwise(0L)).as(name);
  }

  /** One observed list (a {@code collect_set} or {@code collect_list}), as Java strings, sorted; empty when NULL. */
  public static List<String> strings(Map<String, Object> values, String name) {
    Object value = values.get(name);
    List<String> result = new ArrayList<>();
    if (value instanceof scala.collection.Iterable<?> seq) {
      scala.collection.JavaConverters.asJavaIterableConverter(seq).asJava().forEach(v -> result.add(String.valueOf(v)));
    } else if (value instanceof java.util.Collection<?> list) {
      list.forEach(v -> result.add(String.valueOf(v)));
    }
    result.sort(null);
    return result;
  }

  /** One observed date; NULL when the metric is (a min or max over no rows). */
  public static java.time.LocalDate date(Map<String, Object> values, String name) {
    Object value = values.get(name);
    return value == null ? null : ((java.sql.Date) value).toLocalDate();
  }

  /** One observed count; 0 when the metric is NULL (a sum over no rows). */
  public static long count(Map<String, Object> values, String name) {
    Object value = values.get(name);
    return value == null ? 0L : ((Number) value).longValue();
  }
}

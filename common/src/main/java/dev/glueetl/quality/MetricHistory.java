package dev.glueetl.quality;

import java.util.List;

/** Earlier values of a metric, for dynamic rules such as {@code RowCount > 0.5 * avg(last(5))}. */
@FunctionalInterface
public interface MetricHistory {
  /** Up to {@code count} earlier values of {@code metric}, the most recent first. */
  List<Double> last(String metric, int count);

  MetricHistory NONE = (metric, count) -> List.of();
}

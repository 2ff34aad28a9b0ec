package dev.glueetl.quality.rules;

import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckWithLastConstraintFilterable;
import com.amazon.deequ.metrics.Distribution;
import scala.Function1;

/**
 * One Deequ constraint, and how to read the value of the metric its {@code ConstraintResult} carries.
 *
 * <pre>
 * (check, assertion) -&gt; check.hasMean("total", assertion, Deequ.none())
 * </pre>
 */
@FunctionalInterface
public interface DeequMetric {
  /**
   * Adds the constraint to {@code check} with {@code assertion}, and returns the new Check ({@link Check} is immutable:
   * a builder call's result must be kept).
   */
  CheckWithLastConstraintFilterable addTo(Check check, Function1<Object, Object> assertion);

  /** The metric's value as a number: a {@code DoubleMetric}'s value. */
  default double valueOf(Object metricValue) {
    return ((Number) metricValue).doubleValue();
  }

  /** A constraint on a histogram, whose metric is the number of its bins (the distinct values, NULL one of them). */
  static DeequMetric histogramBins(DeequMetric constraint) {
    return new DeequMetric() {
      @Override
      public CheckWithLastConstraintFilterable addTo(Check check, Function1<Object, Object> assertion) {
        return constraint.addTo(check, assertion);
      }

      @Override
      public double valueOf(Object metricValue) {
        return ((Distribution) metricValue).numberOfBins();
      }
    };
  }
}

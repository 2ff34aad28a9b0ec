package dev.glueetl.quality.profile.model;

import java.math.BigDecimal;
import java.math.MathContext;

/** Profile figures as people read them, the same in the console, the ruleset comments and the report site. */
public final class ProfileFormat {
  private ProfileFormat() {}

  /** Whole numbers without a fraction, others to 6 significant digits: {@code 12}, {@code 0.916667}, {@code 2.87228}. */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.valueOf(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }
}

package dev.glueetl.config;

import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One way a source writes its timestamps.
 *
 * @param kind epoch milliseconds, epoch seconds, ISO-8601, or a {@link java.time.format.DateTimeFormatter} pattern
 * @param pattern the pattern when {@code kind} is {@link Kind#PATTERN}, else empty
 */
public record TimeFormat(Kind kind, String pattern) {
  public static final String EXPECTED =
      "epoch_millis, epoch_seconds, iso8601 or a java.time pattern such as 'dd/MM/yyyy HH:mm' (one, or a list tried in order)";

  public enum Kind {
    EPOCH_MILLIS,
    EPOCH_SECONDS,
    ISO8601,
    PATTERN
  }

  /** Parses one entry of {@code time_format}; empty when it is neither a keyword nor a valid pattern. */
  public static Optional<TimeFormat> parse(String text) {
    switch (text) {
      case "epoch_millis":
        return Optional.of(new TimeFormat(Kind.EPOCH_MILLIS, ""));
      case "epoch_seconds":
        return Optional.of(new TimeFormat(Kind.EPOCH_SECONDS, ""));
      case "iso8601":
        return Optional.of(new TimeFormat(Kind.ISO8601, ""));
      default:
        try {
          DateTimeFormatter.ofPattern(text);
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
        // Letters that are neither date/time fields nor quoted would make Spark reject the pattern at run time.
        if (!text.matches(".*[yuMdHhkmsSaE].*")) {
          return Optional.empty();
        }
        return Optional.of(new TimeFormat(Kind.PATTERN, text));
    }
  }

  /** True when the text itself says which zone or offset it is in, so the configured timezone does not apply. */
  public boolean carriesOffset() {
    return kind == Kind.PATTERN && pattern.replaceAll("'[^']*'", "").matches(".*[XxZOVz].*");
  }

  @Override
  public String toString() {
    return kind == Kind.PATTERN ? pattern : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}

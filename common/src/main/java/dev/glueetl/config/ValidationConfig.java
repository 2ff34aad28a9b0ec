package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The {@code validation} section: which record times are plausible. Records outside the bounds are quarantined with
 * reason {@code TIME_OUT_OF_RANGE}.
 *
 * @param minTime earliest accepted time (inclusive)
 * @param maxAhead latest accepted time, as an allowance after the run's start (inclusive)
 */
public record ValidationConfig(Instant minTime, Duration maxAhead) {
  public static final Instant DEFAULT_MIN_TIME = Instant.parse("2000-01-01T00:00:00Z");
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);

  public static ValidationConfig defaults() {
    return new ValidationConfig(DEFAULT_MIN_TIME, DEFAULT_MAX_AHEAD);
  }

  static ValidationConfig parse(ConfigNode node) {
    node.rejectUnknownKeys(List.of("min_time", "max_ahead"));
    String expected = "a UTC date or instant such as 2000-01-01 or 2000-01-01T00:00:00Z";
    Instant minTime =
        node.optionalString("min_time", expected)
            .map(text -> parseInstant(text).orElseThrow(() -> Errors.invalidValue(node.keyOf("min_time"), node.file(), text, expected)))
            .orElse(DEFAULT_MIN_TIME);
    return new ValidationConfig(minTime, Durations.read(node, "max_ahead", DEFAULT_MAX_AHEAD));
  }

  private static java.util.Optional<Instant> parseInstant(String text) {
    try {
      return java.util.Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      try {
        return java.util.Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException e2) {
        return java.util.Optional.empty();
      }
    }
  }
}

package dev.glueetl.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code validation} section: which record times are plausible. Records outside the bounds are quarantined with
 * reason {@code TIME_OUT_OF_RANGE}.
 *
 * @param minTime earliest accepted time (inclusive)
 * @param maxAhead latest accepted time, as an allowance after the run's start (inclusive)
 */
public record ValidationConfig(Instant minTime, Duration maxAhead) {
  static final ConfigKey<Instant> MIN_TIME =
      ConfigKey.parsed("min_time", "a UTC date or instant such as 2000-01-01 or 2000-01-01T00:00:00Z", ValidationConfig::parseInstant)
          .defaultsTo("2000-01-01")
          .doc("earliest accepted record time (inclusive), a UTC date or instant");
  static final ConfigKey<Duration> MAX_AHEAD =
      ConfigKey.duration("max_ahead").defaultsTo("1d").doc("latest accepted record time, as an allowance after the run's start (inclusive)");

  static final ConfigSection KEYS = ConfigSection.of(MIN_TIME, MAX_AHEAD);

  public static ValidationConfig defaults() {
    return new ValidationConfig(MIN_TIME.defaultValue(), MAX_AHEAD.defaultValue());
  }

  static ValidationConfig parse(ConfigNode node) {
    return new ValidationConfig(MIN_TIME.read(node), MAX_AHEAD.read(node));
  }

  private static Optional<Instant> parseInstant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}

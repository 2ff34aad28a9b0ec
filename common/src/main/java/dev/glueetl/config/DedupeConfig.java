package dev.glueetl.config;

import java.time.Duration;

/**
 * The {@code dedupe} section: how far a run looks into the events already stored for a copy of one of its events.
 *
 * @param lookback a stored event whose date is within this of an incoming event's date is compared with it (same user,
 *     same event id: the earliest time wins). Within one run every copy is compared, whatever its date; across runs,
 *     copies further apart than this are both kept. The bound keeps a run from reading the whole history of the
 *     trusted table
 */
public record DedupeConfig(Duration lookback) {
  static final ConfigKey<Duration> LOOKBACK =
      ConfigKey.duration("lookback")
          .defaultsTo("7d")
          .doc("how far back (by event date) a run looks among stored events for copies of its events: see [incremental runs](incremental.md)");

  static final ConfigSection KEYS = ConfigSection.of(LOOKBACK);

  public static DedupeConfig defaults() {
    return new DedupeConfig(LOOKBACK.defaultValue());
  }

  static DedupeConfig parse(ConfigNode node) {
    return new DedupeConfig(LOOKBACK.read(node));
  }

  /** The lookback in whole days, rounded up: stored events are read by date partition. */
  public long lookbackDays() {
    long days = lookback.toDays();
    return lookback.equals(Duration.ofDays(days)) ? days : days + 1;
  }
}

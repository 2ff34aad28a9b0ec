package dev.glueetl.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code dedupe} section: how far a run looks into the events already stored for a copy of one of its events.
 *
 * @param lookback a stored event whose date is within this of an incoming event's date is compared with it (same user,
 *     same event id: the earliest time wins). Within one run every copy is compared, whatever its date; across runs,
 *     copies further apart than this are both kept. The bound keeps a run from reading the whole history of the
 *     trusted table
 */
public record DedupeConfig(Duration lookback) {
  public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(7);

  public static DedupeConfig defaults() {
    return new DedupeConfig(DEFAULT_LOOKBACK);
  }

  static DedupeConfig parse(ConfigNode node) {
    node.rejectUnknownKeys(List.of("lookback"));
    return new DedupeConfig(Durations.read(node, "lookback", DEFAULT_LOOKBACK));
  }

  /** The lookback in whole days, rounded up: stored events are read by date partition. */
  public long lookbackDays() {
    long days = lookback.toDays();
    return lookback.equals(Duration.ofDays(days)) ? days : days + 1;
  }
}

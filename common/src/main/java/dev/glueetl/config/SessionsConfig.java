package dev.glueetl.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code sessions} section.
 *
 * @param inactivityGap a new session starts when the gap to the user's previous event is strictly greater than this
 */
public record SessionsConfig(Duration inactivityGap) {
  public static final Duration DEFAULT_GAP = Duration.ofMinutes(30);

  public static SessionsConfig defaults() {
    return new SessionsConfig(DEFAULT_GAP);
  }

  static SessionsConfig parse(ConfigNode node) {
    node.rejectUnknownKeys(List.of("inactivity_gap"));
    return new SessionsConfig(Durations.read(node, "inactivity_gap", DEFAULT_GAP));
  }
}

package dev.glueetl.config;

import java.time.Duration;

/**
 * The {@code sessions} section.
 *
 * @param inactivityGap a new session starts when the gap to the user's previous event is strictly greater than this
 */
public record SessionsConfig(Duration inactivityGap) {
  static final ConfigKey<Duration> INACTIVITY_GAP =
      ConfigKey.duration("inactivity_gap").defaultsTo("30m").doc("`500ms`, `90s`, `30m`, `2h`, `1d` or ISO-8601 (`PT30M`)");

  static final ConfigSection KEYS = ConfigSection.of(INACTIVITY_GAP);

  public static SessionsConfig defaults() {
    return new SessionsConfig(INACTIVITY_GAP.defaultValue());
  }

  static SessionsConfig parse(ConfigNode node) {
    return new SessionsConfig(INACTIVITY_GAP.read(node));
  }
}

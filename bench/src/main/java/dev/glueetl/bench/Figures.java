package dev.glueetl.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The figures every implementation must agree on before its time counts: the number of sessions, their total duration
 * in milliseconds (an exact integer, so no floating-point summation order can make equal results differ), daily active
 * users over all platforms and sessions per start date.
 *
 * @param dailyActiveUsers UTC date (yyyy-MM-dd) to distinct users with at least one trusted event that day
 * @param sessionsPerDay UTC date of the session start to sessions
 */
public record Figures(long sessions, long totalDurationMillis, SortedMap<String, Long> dailyActiveUsers, SortedMap<String, Long> sessionsPerDay) {
  public Figures {
    dailyActiveUsers = new TreeMap<>(dailyActiveUsers);
    sessionsPerDay = new TreeMap<>(sessionsPerDay);
  }

  /** Total daily active users summed over all days (a one-number digest for reports). */
  public long userDays() {
    return dailyActiveUsers.values().stream().mapToLong(Long::longValue).sum();
  }

  /** What differs from {@code other}, one line per figure; empty when equal. */
  public List<String> differencesFrom(String name, String otherName, Figures other) {
    List<String> differences = new ArrayList<>();
    if (sessions != other.sessions) {
      differences.add("sessions: " + name + " " + sessions + ", " + otherName + " " + other.sessions);
    }
    if (totalDurationMillis != other.totalDurationMillis) {
      differences.add(
          "total session duration (ms): " + name + " " + totalDurationMillis + ", " + otherName + " " + other.totalDurationMillis);
    }
    compare("daily active users", name, otherName, dailyActiveUsers, other.dailyActiveUsers, differences);
    compare("sessions per day", name, otherName, sessionsPerDay, other.sessionsPerDay, differences);
    return differences;
  }

  private static void compare(
      String figure, String name, String otherName, Map<String, Long> mine, Map<String, Long> theirs, List<String> differences) {
    TreeMap<String, Long> all = new TreeMap<>(mine);
    theirs.forEach(all::putIfAbsent);
    int shown = 0;
    for (String day : all.keySet()) {
      if (!Objects.equals(mine.get(day), theirs.get(day))) {
        if (shown++ < 5) {
          differences.add(figure + " on " + day + ": " + name + " " + mine.get(day) + ", " + otherName + " " + theirs.get(day));
        }
      }
    }
    if (shown > 5) {
      differences.add(figure + ": " + (shown - 5) + " more days differ");
    }
  }
}

package dev.glueetl.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random landing files of Revolt-style events for property tests, with what makes incremental processing hard: users
 * active across midnight, gaps of exactly the 30-minute inactivity gap and one millisecond more, equal timestamps,
 * copies of an event (earlier, later or the same time) in other files, an id reused by another user, and bad lines.
 */
public final class EventFiles {
  private static final Instant BASE = Instant.parse("2024-03-01T21:00:00Z");
  private static final Duration GAP = Duration.ofMinutes(30);

  private EventFiles() {}

  /** {@code fileCount} files of JSON lines, deterministic for the random's seed. */
  public static List<List<String>> generate(Random random, int fileCount) {
    return generate(random, fileCount, "");
  }

  /** The same, with users and event ids prefixed by {@code prefix}: several data sets that share no user. */
  public static List<List<String>> generate(Random random, int fileCount, String prefix) {
    List<List<String>> files = new ArrayList<>();
    for (int f = 0; f < fileCount; f++) {
      files.add(new ArrayList<>());
    }
    List<String[]> events = new ArrayList<>();
    for (int u = 1; u <= 3; u++) {
      long time = BASE.toEpochMilli() + random.nextInt(5 * 3_600_000);
      for (int i = 0; i < 8; i++) {
        time += switch (random.nextInt(6)) {
          case 0 -> GAP.toMillis();
          case 1 -> GAP.toMillis() + 1;
          case 2 -> 0;
          case 3 -> 60_000L * (1 + random.nextInt(20));
          case 4 -> 60_000L * (31 + random.nextInt(300));
          default -> 3_600_000L * (6 + random.nextInt(20));
        };
        String user = prefix + "u" + u;
        String id = user + "-" + i;
        int file = random.nextInt(fileCount);
        files.get(file).add(line(id, user, time, i % 2 == 0 ? "ui.activity.started" : "ui.activity.paused", "m" + u));
        events.add(new String[] {id, user, Long.toString(time), Integer.toString(file)});
      }
    }
    // copies of some events in other files: earlier, later or at the same time
    for (int c = 0; c < 6; c++) {
      String[] original = events.get(random.nextInt(events.size()));
      long shift = switch (random.nextInt(3)) {
        case 0 -> -60_000L * (1 + random.nextInt(60));
        case 1 -> 60_000L * (1 + random.nextInt(60));
        default -> 0;
      };
      int file = (Integer.parseInt(original[3]) + 1 + random.nextInt(fileCount - 1)) % fileCount;
      files.get(file).add(line(original[0], original[1], Long.parseLong(original[2]) + shift, "ui.activity.started", "copy"));
    }
    // an id of u1 reused by u9: a different event
    String[] reused = events.get(0);
    files.get(random.nextInt(fileCount)).add(line(reused[0], prefix + "u9", Long.parseLong(reused[2]), "ui.activity.started", "m9"));
    files.get(random.nextInt(fileCount)).add("{\"meta\":{\"id\":\"" + prefix + "broken\"");
    files.get(random.nextInt(fileCount)).add(line(prefix + "nouser", "", BASE.toEpochMilli(), "ui.activity.started", "m0").replace("\"userId\":\"\"", "\"userId\":null"));
    for (List<String> file : files) {
      java.util.Collections.shuffle(file, random);
    }
    return files;
  }

  private static String line(String id, String user, long time, String type, String model) {
    return "{\"meta\":{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":" + time + "},\"data\":{\"userId\":\"" + user
        + "\",\"app\":{\"type\":\"android\",\"version\":\"3.4.1\"},\"device\":{\"brand\":\"B\",\"model\":\"" + model + "\",\"os\":\"Android\"}}}";
  }
}

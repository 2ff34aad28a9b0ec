package dev.glueetl.local.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A deterministic generator of Revolt-style app events (JSON lines in the {@code {"meta":..,"data":..}} envelope) at
 * any size: the same settings always write byte-identical files. Each user's events come in sessions (gaps of seconds
 * to minutes inside, more than the 30-minute default gap between), and the data is messy in the ways real trackers
 * are, at fixed rates:
 *
 * <ul>
 *   <li>0.5% of events are sent twice (the same line again), 0.1% re-sent with a later timestamp;
 *   <li>0.05% of lines are cut short (invalid JSON), 0.05% lack the user id, 0.02% have a text timestamp;
 *   <li>0.2% of gaps inside a session are exactly 30:00 (still the same session).
 * </ul>
 */
public final class EventGenerator {
  private static final String[] EVENT_TYPES = {
    "ui.activity.created", "ui.activity.started", "ui.activity.resumed", "ui.activity.paused", "ui.activity.stopped",
    "user.signedIn", "custom.timesheet.saved", "custom.timesheet.submitted", "custom.report.opened"
  };
  private static final String[][] DEVICES = {
    {"android", "Samsung", "Galaxy S23", "Android", "14"},
    {"android", "Google", "Pixel 8", "Android", "14"},
    {"android", "Xiaomi", "Redmi Note 12", "Android", "13"},
    {"ios", "Apple", "iPhone 14", "iOS", "17.3"},
    {"ios", "Apple", "iPhone 12", "iOS", "16.7"}
  };
  private static final String[] LANGUAGES = {"en-GB", "en-US", "de-DE", "pl-PL", "fr-FR", "es-ES"};
  private static final String[] APP_VERSIONS = {"3.3.9", "3.4.0", "3.4.1"};

  /**
   * @param events events to generate (duplicates and broken lines come on top of these)
   * @param seed the random seed
   * @param users distinct users
   * @param files output files (events are spread over them by user)
   * @param start the earliest event time
   * @param days the span of event times
   */
  public record Settings(long events, long seed, long users, int files, Instant start, int days) {
    public static Settings defaults(long events, long seed) {
      return new Settings(events, seed, Math.max(1, events / 40), (int) Math.max(1, (events + 999_999) / 1_000_000), Instant.parse("2024-01-01T00:00:00Z"), 28);
    }

    public Settings withUsers(long newUsers) {
      return newUsers <= 0 ? this : new Settings(events, seed, newUsers, files, start, days);
    }

    /** The same settings with event times from {@code newStart} over {@code newDays} days. */
    public Settings withWindow(Instant newStart, int newDays) {
      return new Settings(events, seed, users, files, newStart, newDays);
    }

    public Settings withFiles(int newFiles) {
      return newFiles <= 0 ? this : new Settings(events, seed, users, newFiles, start, days);
    }
  }

  /**
   * What was written, and what the preprocess job must make of it: {@code lines} = {@code trusted} +
   * {@code duplicates} + the quarantined counts.
   */
  public record Result(
      long events,
      long lines,
      int files,
      double seconds,
      long trusted,
      long duplicates,
      long invalidJson,
      long missingUser,
      long unparseableTime) {}

  private EventGenerator() {}

  public static Result generate(Settings settings, Path outDir) {
    long started = System.nanoTime();
    try {
      Files.createDirectories(outDir);
      BufferedWriter[] writers = new BufferedWriter[settings.files()];
      for (int i = 0; i < writers.length; i++) {
        writers[i] = Files.newBufferedWriter(outDir.resolve(String.format("events-%05d.jsonl", i)), StandardCharsets.UTF_8);
      }
      long lines = 0;
      long eventNumber = 0;
      long trusted = 0;
      long duplicates = 0;
      long invalidJson = 0;
      long missingUser = 0;
      long unparseableTime = 0;
      SplittableRandom random = new SplittableRandom(settings.seed());
      long spanMillis = settings.days() * 86_400_000L;
      StringBuilder line = new StringBuilder(512);
      for (long user = 0; user < settings.users(); user++) {
        long userEvents = settings.events() / settings.users() + (user < settings.events() % settings.users() ? 1 : 0);
        BufferedWriter out = writers[(int) (user % writers.length)];
        String[] device = DEVICES[random.nextInt(DEVICES.length)];
        String language = LANGUAGES[random.nextInt(LANGUAGES.length)];
        String appVersion = APP_VERSIONS[random.nextInt(APP_VERSIONS.length)];
        String userId = String.format("u-%08d", user);
        long time = settings.start().toEpochMilli() + (long) (random.nextDouble() * spanMillis * 0.9);
        for (long i = 0; i < userEvents; i++, eventNumber++) {
          if (i > 0) {
            time += gap(random);
          }
          String eventId = String.format("%016x-%08x", settings.seed(), eventNumber);
          String type = EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
          double roll = random.nextDouble();
          boolean noUser = roll < 0.0005;
          boolean textTime = roll >= 0.0005 && roll < 0.0007;
          line.setLength(0);
          appendEvent(line, eventId, type, textTime ? "\"soon\"" : Long.toString(time), noUser ? null : userId, device, language, appVersion);
          String json = line.toString();
          boolean truncated = roll >= 0.0007 && roll < 0.0012;
          if (truncated) {
            json = json.substring(0, json.length() / 2);
          }
          boolean valid = !noUser && !textTime && !truncated;
          out.write(json);
          out.write('\n');
          lines++;
          double resend = random.nextDouble();
          // an exact resend has the original's fate: a duplicate of a good event, or quarantined again
          int copies = resend < 0.005 ? 2 : 1;
          for (int copy = 0; copy < copies; copy++) {
            if (valid) {
              if (copy == 0) {
                trusted++;
              } else {
                duplicates++;
              }
            } else if (truncated) {
              invalidJson++;
            } else if (noUser) {
              missingUser++;
            } else {
              unparseableTime++;
            }
          }
          if (copies == 2) {
            out.write(json);
            out.write('\n');
            lines++;
          } else if (resend < 0.006) {
            // a resend with a later time: a duplicate when the original is good, else the only good copy
            if (valid) {
              duplicates++;
            } else {
              trusted++;
            }
            line.setLength(0);
            appendEvent(line, eventId, type, Long.toString(time + 1 + random.nextInt(60_000)), userId, device, language, appVersion);
            out.write(line.toString());
            out.write('\n');
            lines++;
          }
        }
      }
      for (BufferedWriter writer : writers) {
        writer.close();
      }
      return new Result(
          settings.events(), lines, writers.length, (System.nanoTime() - started) / 1e9, trusted, duplicates, invalidJson,
          missingUser, unparseableTime);
    } catch (IOException e) {
      throw new UncheckedIOException("writing generated events to " + outDir, e);
    }
  }

  /** Milliseconds to the next event: mostly seconds to minutes, sometimes a new session, rarely exactly 30:00. */
  private static long gap(SplittableRandom random) {
    double roll = random.nextDouble();
    if (roll < 0.002) {
      return 30 * 60_000L;
    }
    if (roll < 0.08) {
      return 30 * 60_000L + 1 + (long) (random.nextDouble() * 36 * 3_600_000L);
    }
    return 500 + (long) (random.nextDouble() * random.nextDouble() * 10 * 60_000L);
  }

  private static void appendEvent(
      StringBuilder line, String eventId, String type, String timestamp, String userId, String[] device, String language, String appVersion) {
    line.append("{\"meta\":{\"id\":\"").append(eventId).append("\",\"type\":\"").append(type).append("\",\"timestamp\":").append(timestamp)
        .append("},\"data\":{");
    if (userId != null) {
      line.append("\"userId\":\"").append(userId).append("\",");
    }
    line.append("\"app\":{\"type\":\"").append(device[0]).append("\",\"version\":\"").append(appVersion)
        .append("\"},\"device\":{\"brand\":\"").append(device[1]).append("\",\"model\":\"").append(device[2])
        .append("\",\"os\":\"").append(device[3]).append("\",\"osVersion\":\"").append(device[4])
        .append("\",\"language\":\"").append(language).append("\"}}}");
  }
}

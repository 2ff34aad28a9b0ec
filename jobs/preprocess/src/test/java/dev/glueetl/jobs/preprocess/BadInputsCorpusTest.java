package dev.glueetl.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glueetl.conform.CsvHeaders;
import dev.glueetl.events.ConformEvents;
import dev.glueetl.orders.ConformOrders;
import dev.glueetl.testing.LogCapture;
import dev.glueetl.testing.ParquetText;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus ({@code test-data/bad-inputs}, docs/contributing.md, "Bad-input corpus") through the preprocess job's real
 * {@code main}, one run per pipeline into one lake, checked against {@code manifest.csv}, which gives the outcome of
 * every physical line:
 *
 * <ol>
 *   <li>the manifest covers every line of every corpus file, and nothing else;
 *   <li>every run SUCCEEDED, and its recorded counts (read, trusted, duplicates, quarantined, per reason, blank and
 *       header lines) equal the manifest's tallies and add up (read = trusted + duplicates + quarantined);
 *   <li>every line is where the manifest says: a trusted event under its id (from its file), a duplicate's id trusted
 *       exactly once, a quarantined line (events: matched by file and text; orders: by file and line number) with its
 *       reason, and no table row that the manifest does not account for;
 *   <li>no name or card number of {@code personal-data.txt} is in any file of the lake or in any log line.
 * </ol>
 *
 * Every difference is collected and reported at once, each naming the file and line.
 */
@Tag("slow")
class BadInputsCorpusTest {
  private static final Path CORPUS = ProjectFiles.testData("bad-inputs");
  private static final Charset CP1252 = Charset.forName("windows-1252");
  private static final String QUARANTINE = "quarantine:";

  /** One run: the manifest's pipeline name (also the input folder), its pipeline file and the name it has in the lake. */
  private record Corpus(String name, Path pipeline, String lakeName, boolean events, boolean csv, Charset encoding) {
    Path input() {
      return CORPUS.resolve(name);
    }
  }

  private static final List<Corpus> RUNS =
      List.of(
          new Corpus("app-events", ProjectFiles.pipeline("app-events"), "app-events", true, false, StandardCharsets.UTF_8),
          new Corpus("app-events-csv", CORPUS.resolve("app-events-csv.yaml"), "corpus-events-csv", true, true, StandardCharsets.UTF_8),
          new Corpus("cafe-orders", ProjectFiles.pipeline("cafe-orders"), "cafe-orders", false, true, StandardCharsets.UTF_8),
          new Corpus("cafe-orders-cp1252", CORPUS.resolve("cafe-orders-cp1252.yaml"), "corpus-cafe-cp1252", false, true, CP1252));

  /** One row of the manifest. */
  private record Expected(String pipeline, String file, int line, String outcome, String eventId, String kind) {
    String reason() {
      return outcome.startsWith(QUARANTINE) ? outcome.substring(QUARANTINE.length()) : null;
    }

    boolean isRecord() {
      return outcome.equals("trusted") || outcome.equals("duplicate") || outcome.startsWith(QUARANTINE);
    }

    String where() {
      return pipeline + " " + file + ":" + line + " (" + kind + ")";
    }
  }

  @TempDir Path lake;

  private final SparkSession spark = SparkTestSession.get();
  private final List<String> problems = new ArrayList<>();

  @Test
  void everyLineOfTheCorpusEndsWhereTheManifestSaysAndNoPersonalDataLeaks() throws Exception {
    List<Expected> manifest = readManifest();
    checkManifestCoversEveryLine(manifest);

    String log;
    try (LogCapture capture = new LogCapture()) {
      for (Corpus corpus : RUNS) {
        try {
          runMain(corpus);
        } catch (RuntimeException e) {
          problems.add(corpus.name() + ": the run failed: " + e);
        }
      }
      log = capture.text();
    }

    for (Corpus corpus : RUNS) {
      List<Expected> expected = manifest.stream().filter(e -> e.pipeline().equals(corpus.name())).toList();
      checkRunRecord(corpus, expected);
      if (corpus.events()) {
        checkEvents(corpus, expected);
      } else {
        checkOrders(corpus, expected);
      }
    }
    // files whose header lacks a column are named in a warning
    expectLogged(log, "no column for user_id", "no-user-column.csv");
    expectLogged(log, "no column for customer_name", "ripon_08-03-2024_09-00-00.csv");
    checkNoPersonalData(log);

    assertThat(problems).as("differences from test-data/bad-inputs/manifest.csv:%n%s", String.join("\n", problems)).isEmpty();
  }

  // ------------------------------------------------------------------------------------------------ the manifest

  private static List<Expected> readManifest() throws IOException {
    List<String> lines = Files.readAllLines(CORPUS.resolve("manifest.csv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("pipeline,file,line,outcome,event_id,kind");
    List<Expected> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertThat(cells).as("manifest row %s", line).hasSize(6);
      rows.add(new Expected(cells[0], cells[1], Integer.parseInt(cells[2]), cells[3], cells[4], cells[5]));
    }
    return rows;
  }

  /** One manifest row for every physical line of every file of the four input folders, and a line 0 for files with no records. */
  private void checkManifestCoversEveryLine(List<Expected> manifest) throws IOException {
    Map<String, Expected> byLine = new HashMap<>();
    for (Expected row : manifest) {
      if (byLine.put(row.pipeline() + "|" + row.file() + "|" + row.line(), row) != null) {
        problems.add("manifest: two rows for " + row.where());
      }
      if (!row.outcome().matches("trusted|duplicate|blank|skipped|header|none|quarantine:[A-Z_]+")) {
        problems.add("manifest: unknown outcome " + row.outcome() + " at " + row.where());
      }
    }
    for (Corpus corpus : RUNS) {
      try (Stream<Path> files = Files.list(corpus.input())) {
        for (Path file : files.sorted().toList()) {
          String relative = CORPUS.relativize(file).toString().replace('\\', '/');
          List<String> lines = physicalLines(file, corpus.encoding());
          boolean hasRecords = false;
          for (int n = 1; n <= lines.size(); n++) {
            Expected row = byLine.remove(corpus.name() + "|" + relative + "|" + n);
            if (row == null) {
              problems.add("manifest: no row for " + corpus.name() + " " + relative + ":" + n);
            } else {
              hasRecords |= row.isRecord();
            }
          }
          Expected none = byLine.remove(corpus.name() + "|" + relative + "|0");
          if (hasRecords == (none != null)) {
            problems.add("manifest: " + corpus.name() + " " + relative + (hasRecords ? " has records and a line 0" : " has no records and no line 0 'none' row"));
          }
        }
      }
    }
    byLine.values().forEach(row -> problems.add("manifest: a row for a line no corpus file has: " + row.where()));
  }

  // ------------------------------------------------------------------------------------------------------- runs

  private void runMain(Corpus corpus) {
    PreprocessJob.run(
        new String[] {
          "--JOB_NAME", corpus.lakeName() + "-preprocess",
          "--JOB_ID", "j_corpus",
          "--JOB_RUN_ID", "jr_corpus_" + corpus.name(),
          "--WORKFLOW_NAME", corpus.lakeName(),
          "--WORKFLOW_RUN_ID", "wr_corpus",
          "--TempDir", "s3://aws-glue-temporary/",
          "--job-bookmark-option", "job-bookmark-disable",
          "--enable-glue-datacatalog", "true",
          "--datalake-formats", "delta",
          "--pipeline", corpus.pipeline().toString(),
          "--lake", lake.toString(),
          "--input", corpus.input().toString()
        });
  }

  /** One SUCCEEDED run record whose counts equal the manifest's tallies and add up. */
  private void checkRunRecord(Corpus corpus, List<Expected> expected) {
    List<Row> records = rows("runs/" + corpus.lakeName() + "/job_runs");
    if (records.size() != 1) {
      problems.add(corpus.name() + ": " + records.size() + " run records, expected 1");
      return;
    }
    Row record = records.get(0);
    if (!"SUCCEEDED".equals(record.getAs("state"))) {
      problems.add(corpus.name() + ": run " + record.getAs("state") + " " + record.getAs("error_code") + ": " + record.getAs("error_message"));
      return;
    }
    Map<String, Long> recorded = record.getJavaMap(record.fieldIndex("counts"));
    Map<String, Long> tallies = new LinkedHashMap<>();
    tallies.put("read", expected.stream().filter(Expected::isRecord).count());
    tallies.put("trusted", count(expected, "trusted"));
    if (corpus.events()) {
      tallies.put("duplicates", count(expected, "duplicate"));
    }
    tallies.put("quarantined", expected.stream().filter(e -> e.reason() != null).count());
    List<String> reasons =
        corpus.events()
            ? Arrays.stream(ConformEvents.Reason.values()).map(Enum::name).toList()
            : Arrays.stream(ConformOrders.Reason.values()).map(Enum::name).toList();
    for (String reason : reasons) {
      tallies.put("quarantined." + reason, count(expected, QUARANTINE + reason));
    }
    expected.stream().map(Expected::reason).filter(r -> r != null && !reasons.contains(r)).distinct()
        .forEach(r -> problems.add(corpus.name() + ": the manifest names a reason the job does not have: " + r));
    tallies.put("blank_lines", count(expected, "blank"));
    if (!corpus.events()) {
      tallies.put("header_lines", count(expected, "header"));
    }
    tallies.forEach(
        (name, tally) -> {
          if (!tally.equals(recorded.get(name))) {
            problems.add(corpus.name() + ": counts[" + name + "] recorded " + recorded.get(name) + ", manifest " + tally);
          }
        });
    long accounted = recorded.getOrDefault("trusted", 0L) + recorded.getOrDefault("duplicates", 0L) + recorded.getOrDefault("quarantined", 0L);
    if (!recorded.containsKey("read") || recorded.get("read") != accounted) {
      problems.add(corpus.name() + ": read " + recorded.get("read") + " != trusted + duplicates + quarantined = " + accounted);
    }
  }

  // ----------------------------------------------------------------------------------------------------- events

  /**
   * Trusted lines by event id (one row per id, from the line's file), duplicates by the id they duplicate, quarantined
   * lines by file and raw record (for CSV: the record's columns by header name) with their reason; then no table row
   * may be left over.
   */
  private void checkEvents(Corpus corpus, List<Expected> expected) throws IOException {
    Map<String, List<String>> trustedFiles = new HashMap<>();
    for (Row row : rows("trusted/" + corpus.lakeName() + "/events")) {
      trustedFiles.computeIfAbsent(row.getAs("event_id"), id -> new ArrayList<>()).add(fileName(row.getAs("source_file")));
    }
    Map<String, List<String>> quarantined = new HashMap<>();
    for (Row row : rows("quarantine/" + corpus.lakeName() + "/events")) {
      String file = fileName(row.getAs("source_file"));
      String raw = row.getAs("raw_record");
      quarantined.computeIfAbsent(file + "|" + (corpus.csv() ? csvRecordKey(raw) : raw), k -> new ArrayList<>())
          .add(row.getAs("reason") + " (" + row.getAs("detail") + ")");
    }

    Map<String, Expected> trustedLines = new HashMap<>();
    for (Expected e : expected) {
      if (e.outcome().equals("trusted") && trustedLines.put(e.eventId(), e) != null) {
        problems.add("manifest: two trusted lines with event id " + e.eventId() + ": " + e.where());
      }
    }
    Map<String, Expected> byKey = new HashMap<>();
    for (Expected e : expected) {
      String key = e.line() > 0 ? fileName(e.file()) + "|" + lineKey(corpus, e) : null;
      if (key != null && e.isRecord()) {
        byKey.putIfAbsent(key, e);
      }
      switch (e.outcome()) {
        case "trusted" -> {
          List<String> files = trustedFiles.getOrDefault(e.eventId(), List.of());
          if (files.size() != 1 || !files.get(0).equals(fileName(e.file()))) {
            problems.add(e.where() + ": expected trusted as " + e.eventId() + ", trusted rows of that id come from " + files + quarantinedAs(quarantined, key));
          }
        }
        case "duplicate" -> {
          if (!trustedLines.containsKey(e.eventId())) {
            problems.add("manifest: " + e.where() + " duplicates " + e.eventId() + ", which no trusted line has");
          } else if (trustedFiles.getOrDefault(e.eventId(), List.of()).size() != 1) {
            problems.add(e.where() + ": expected a duplicate of " + e.eventId() + ", trusted rows of that id: " + trustedFiles.get(e.eventId())
                + quarantinedAs(quarantined, key));
          }
        }
        case "none" -> {
          if (trustedFiles.values().stream().anyMatch(files -> files.contains(fileName(e.file())))
              || quarantined.keySet().stream().anyMatch(k -> k.startsWith(fileName(e.file()) + "|"))) {
            problems.add(e.where() + ": a file without records has rows in a table");
          }
        }
        default -> {
          if (e.reason() != null) {
            List<String> reasons = quarantined.get(key);
            if (reasons == null || reasons.isEmpty()) {
              problems.add(e.where() + ": expected " + e.outcome() + ", not in the quarantine");
            } else {
              String actual = reasons.remove(0);
              if (!actual.startsWith(e.reason() + " ")) {
                problems.add(e.where() + ": expected " + e.outcome() + ", quarantined as " + actual);
              }
            }
          }
        }
      }
    }
    trustedFiles.forEach(
        (id, files) -> {
          if (!trustedLines.containsKey(id)) {
            problems.add(corpus.name() + ": trusted event " + id + " from " + files + " is no trusted line of the manifest");
          }
        });
    quarantined.forEach(
        (key, reasons) ->
            reasons.forEach(
                reason -> {
                  Expected e = byKey.get(key);
                  problems.add((e == null ? corpus.name() + " " + key : e.where() + ": expected " + e.outcome()) + ", quarantined as " + reason);
                }));
  }

  private static String quarantinedAs(Map<String, List<String>> quarantined, String key) {
    List<String> reasons = key == null ? null : quarantined.get(key);
    return reasons == null || reasons.isEmpty() ? "" : "; the line is quarantined as " + reasons;
  }

  /** How the quarantine keeps a line: JSON lines as read; CSV rows as a record of their columns by header name. */
  private static String lineKey(Corpus corpus, Expected e) throws IOException {
    List<String> lines = physicalLines(CORPUS.resolve(e.file()), corpus.encoding());
    String line = lines.get(e.line() - 1);
    if (!corpus.csv()) {
      return line;
    }
    List<String> header = CsvHeaders.cells(lines.get(0), ",");
    List<String> cells = CsvHeaders.cells(line, ",");
    Map<String, String> record = new TreeMap<>();
    for (int i = 0; i < Math.min(header.size(), cells.size()); i++) {
      if (!cells.get(i).isEmpty()) {
        record.put(header.get(i).isEmpty() ? "_c" + i : header.get(i), cells.get(i));
      }
    }
    return record.toString();
  }

  /** A CSV event's raw record (JSON of its columns by header name) in the form of {@link #lineKey}. */
  private static String csvRecordKey(String raw) {
    try {
      Map<String, Object> json = new ObjectMapper().readValue(raw, new TypeReference<Map<String, Object>>() {});
      Map<String, String> record = new TreeMap<>();
      json.forEach(
          (name, value) -> {
            if (value != null && !value.toString().trim().isEmpty()) {
              record.put(name, value.toString().trim());
            }
          });
      return record.toString();
    } catch (IOException e) {
      return raw;
    }
  }

  // ----------------------------------------------------------------------------------------------------- orders

  /**
   * Every data line by file and line number: trusted in {@code trusted.orders}, or quarantined with its reason; blank,
   * header and empty files in neither; no table row left over. Quarantined records whose cells could not be located
   * (BAD_LAYOUT, a file without a name column) keep no letter but {@code x}; orders of a file without a name column
   * have no customer key.
   */
  private void checkOrders(Corpus corpus, List<Expected> expected) throws IOException {
    Map<String, Row> trusted = new HashMap<>();
    for (Row row : rows("trusted/" + corpus.lakeName() + "/orders")) {
      if (trusted.put(fileName(row.getAs("source_file")) + ":" + row.getAs("source_row"), row) != null) {
        problems.add(corpus.name() + ": two trusted orders from " + row.getAs("source_file") + ":" + row.getAs("source_row"));
      }
    }
    Map<String, Row> quarantined = new HashMap<>();
    for (Row row : rows("quarantine/" + corpus.lakeName() + "/orders")) {
      String key = fileName(row.getAs("source_file")) + ":" + row.getAs("source_row");
      if (quarantined.put(key, row) != null) {
        problems.add(corpus.name() + ": two quarantine rows from " + key);
      }
      String raw = row.getAs("raw_record");
      String detail = row.getAs("detail");
      boolean redacted = "BAD_LAYOUT".equals(row.getAs("reason")) || (detail != null && detail.contains("raw_record redacted"));
      if (redacted && raw.codePoints().anyMatch(c -> Character.isLetter(c) && c != 'x')) {
        problems.add(corpus.name() + " " + key + ": a redacted raw_record keeps letters: " + raw);
      }
    }

    for (Expected e : expected) {
      String file = fileName(e.file());
      String key = file + ":" + e.line();
      Row inTrusted = trusted.remove(key);
      Row inQuarantine = quarantined.remove(key);
      String actual =
          inTrusted != null && inQuarantine != null ? "trusted and quarantined"
              : inTrusted != null ? "trusted"
              : inQuarantine != null ? QUARANTINE + inQuarantine.getAs("reason") + " (" + inQuarantine.getAs("detail") + ")"
              : "in no table";
      if (e.line() == 0) {
        if (trusted.keySet().stream().anyMatch(k -> k.startsWith(file + ":")) || quarantined.keySet().stream().anyMatch(k -> k.startsWith(file + ":"))) {
          problems.add(e.where() + ": a file without records has rows in a table");
        }
        continue;
      }
      String wanted = e.isRecord() ? e.outcome() : "in no table";
      boolean matches = e.reason() != null ? inQuarantine != null && inTrusted == null && e.reason().equals(inQuarantine.getAs("reason")) : actual.equals(wanted);
      if (!matches) {
        problems.add(e.where() + ": expected " + e.outcome() + ", " + actual);
      }
      if (inTrusted != null) {
        boolean keyExpected = !lacksNameColumn(CORPUS.resolve(e.file()), corpus.encoding());
        if (keyExpected != (inTrusted.getAs("customer_key") != null)) {
          problems.add(e.where() + ": customer_key " + (keyExpected ? "missing" : "present in a file without a name column"));
        }
      }
    }
    trusted.keySet().forEach(key -> problems.add(corpus.name() + " " + key + ": trusted, but the manifest has no such line"));
    quarantined.forEach((key, row) -> problems.add(corpus.name() + " " + key + ": quarantined as " + row.getAs("reason") + ", but the manifest has no such line"));
  }

  /** A file with a header (naming the date column) but no customer-name column. */
  private static boolean lacksNameColumn(Path file, Charset encoding) throws IOException {
    List<String> header = physicalLines(file, encoding).stream().findFirst().map(l -> CsvHeaders.cells(l, ",")).orElse(List.of());
    List<String> names = header.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    return names.contains("date") && !names.contains("customer name");
  }

  // ----------------------------------------------------------------------------------------------- personal data

  /**
   * No value of {@code personal-data.txt} (case-insensitive) in the log or any lake file: Parquet files read by Spark
   * as JSON text, every other file as bytes, decoded as UTF-8 and as windows-1252. Every value must occur in the corpus,
   * so the list cannot go stale.
   */
  private void checkNoPersonalData(String log) throws IOException {
    List<String> personal = Files.readAllLines(CORPUS.resolve("personal-data.txt"), StandardCharsets.UTF_8).stream().filter(v -> !v.isBlank()).toList();
    assertThat(personal).as("personal-data.txt").hasSizeGreaterThan(50);

    StringBuilder corpusText = new StringBuilder();
    for (Corpus corpus : RUNS) {
      try (Stream<Path> files = Files.list(corpus.input())) {
        for (Path file : files.sorted().toList()) {
          corpusText.append(String.join("\n", physicalLines(file, StandardCharsets.UTF_8))).append('\n');
          corpusText.append(String.join("\n", physicalLines(file, CP1252))).append('\n');
        }
      }
    }
    for (String value : personal) {
      // an E-notation card number is also listed as Spark writes a double (7.31642E15), which the corpus need not hold
      if (!corpusText.toString().contains(value) && !corpusText.toString().contains(value.replace("E1", "E+1"))) {
        problems.add("personal-data.txt: '" + value + "' is in no corpus file");
      }
    }

    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("the log", log);
    try (Stream<Path> files = Files.walk(lake)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        if (file.toString().endsWith(".parquet")) {
          texts.put(lake.relativize(file).toString(), ParquetText.of(file));
        } else {
          byte[] bytes = Files.readAllBytes(file);
          texts.put(lake.relativize(file).toString(), new String(bytes, StandardCharsets.UTF_8) + "\n" + new String(bytes, CP1252));
        }
      }
    }
    texts.forEach(
        (where, text) -> {
          String lower = text.toLowerCase(Locale.ROOT);
          for (String value : personal) {
            if (lower.contains(value.toLowerCase(Locale.ROOT))) {
              problems.add("personal data in " + where + ": " + value);
            }
          }
        });
  }

  private void expectLogged(String log, String... parts) {
    boolean found = log.lines().anyMatch(line -> Arrays.stream(parts).allMatch(line::contains));
    if (!found) {
      problems.add("no log line holding " + Arrays.toString(parts));
    }
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  /**
   * The physical lines of a corpus file as the job reads them: gunzipped, decoded, a leading byte-order mark dropped,
   * split on LF, CRLF or CR; the empty string after a final line break is no line.
   */
  private static List<String> physicalLines(Path file, Charset encoding) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (file.toString().endsWith(".gz")) {
      try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = gunzip.readAllBytes();
      }
    }
    String text = new String(bytes, encoding);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static long count(List<Expected> expected, String outcome) {
    return expected.stream().filter(e -> e.outcome().equals(outcome)).count();
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The rows of a lake table; none when the table was never written (a failed run is reported on its own). */
  private List<Row> rows(String relative) {
    Path table = lake.resolve(relative);
    if (!Files.isDirectory(table.resolve("_delta_log"))) {
      problems.add("no table at " + relative);
      return List.of();
    }
    Dataset<Row> rows = spark.read().format("delta").load(table.toString());
    return rows.collectAsList();
  }
}

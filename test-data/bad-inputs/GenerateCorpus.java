import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the bad-input corpus ({@code test-data/bad-inputs/}): the landing files of four pipelines, {@code manifest.csv}
 * (the expected outcome of every physical line) and {@code personal-data.txt} (every fake name and card number).
 * Each line is declared next to its expected outcome below, so the manifest is written by hand, one line at a time.
 *
 * <p>Run from the repository root: {@code java test-data/bad-inputs/GenerateCorpus.java}. The output is the same
 * every time (the gzip header carries no name or time); commit it. {@code BadInputsCorpusTest} reads the files and the
 * manifest, never this program.
 *
 * <p>All names and card numbers are made up; every 16-digit number is checked here to fail the Luhn check, so none can
 * be a real card number.
 */
public class GenerateCorpus {
  static final Path ROOT = Path.of("test-data", "bad-inputs");
  static final Charset CP1252 = Charset.forName("windows-1252");
  static final String LF = "\n";
  static final String CRLF = "\r\n";
  static final String CR = "\r";

  /** One physical line and what must become of it. {@code id}: the event id for trusted and duplicate lines. */
  record Line(String text, String outcome, String id, String kind) {}

  static final List<String> manifest = new ArrayList<>();
  static final Set<String> personal = new LinkedHashSet<>();

  public static void main(String[] args) throws IOException {
    if (!Files.isDirectory(ROOT)) {
      throw new IllegalStateException("run from the repository root: " + ROOT.toAbsolutePath() + " not found");
    }
    manifest.add("pipeline,file,line,outcome,event_id,kind");
    appEvents();
    appEventsCsv();
    cafeOrders();
    cafeOrdersCp1252();
    Files.write(ROOT.resolve("manifest.csv"), manifest, StandardCharsets.UTF_8);
    Files.write(ROOT.resolve("personal-data.txt"), personal, StandardCharsets.UTF_8);
    System.out.println((manifest.size() - 1) + " manifest rows, " + personal.size() + " personal values");
  }

  // ---------------------------------------------------------------- app-events (JSON lines, pipelines/app-events.yaml)

  static final long T0 = 1709283600000L; // 2024-03-01T09:00:00Z
  static final String APP = "\"app\":{\"type\":\"android\",\"version\":\"5.2.0\"}";
  static final String DEVICE = "\"device\":{\"os\":\"Android\",\"osVersion\":\"14\",\"brand\":\"Fakefone\",\"model\":\"FF-1\",\"language\":\"en-GB\"}";

  /** A JSON string token. */
  static String s(String value) {
    return "\"" + value + "\"";
  }

  /** Epoch millis {@code seconds} after 2024-03-01T09:00:00Z, as a JSON number. */
  static String t(long seconds) {
    return String.valueOf(T0 + seconds * 1000);
  }

  /** An event in the app's envelope; each argument is a JSON token, or null to leave the key out. */
  static String ev(String id, String type, String timestamp, String user) {
    return ev(id, type, timestamp, user, APP + "," + DEVICE);
  }

  static String ev(String id, String type, String timestamp, String user, String restOfData) {
    List<String> meta = new ArrayList<>();
    if (id != null) {
      meta.add("\"id\":" + id);
    }
    if (type != null) {
      meta.add("\"type\":" + type);
    }
    if (timestamp != null) {
      meta.add("\"timestamp\":" + timestamp);
    }
    String data = (user == null ? "" : "\"userId\":" + user + ",") + restOfData;
    return "{\"meta\":{" + String.join(",", meta) + "},\"data\":{" + data + "}}";
  }

  static void appEvents() {
    String p = "app-events";
    write(p, "app-events/invalid-json.jsonl", StandardCharsets.UTF_8, LF,
        trusted(ev(s("ev-j01"), s("app.open"), t(0), s("u-j1")), "ev-j01", "good"),
        quarantine("INVALID_JSON", "{\"meta\":{\"id\":\"ev-j02\",\"type\":\"app.open\",\"timestamp\":17092836", "truncated JSON"),
        quarantine("INVALID_JSON", "[" + ev(s("ev-j03"), s("app.open"), t(5), s("u-j1")) + "]", "JSON array line"),
        quarantine("INVALID_JSON", "\"app.open by u-j1\"", "bare JSON string"),
        quarantine("INVALID_JSON", "1709283600000", "bare JSON number"),
        quarantine("INVALID_JSON", "null", "bare JSON null"),
        quarantine("INVALID_JSON", "u-j1 opened the app at 09:00", "non-JSON text"),
        quarantine("INVALID_JSON", ev(s("ev-j04"), s("app.open"), t(10), s("u-j1")) + " trailing", "text after the JSON object"),
        quarantine("INVALID_JSON", ev(s("ev-j05"), s("app.open"), t(15), s("u-j1")) + ev(s("ev-j06"), s("app.close"), t(20), s("u-j1")),
            "two JSON objects on one line"),
        blank("   \t  ", "whitespace-only line"),
        trusted(ev(s("ev-j07"), s("app.close"), t(60), s("u-j1")) + "  \t", "ev-j07", "blanks after the JSON object"),
        trusted(ev(s("ev-j08"), s("app.open"), t(120), s("u-j1")), "ev-j08", "good"));

    write(p, "app-events/wrong-types.jsonl", StandardCharsets.UTF_8, LF,
        quarantine("WRONG_TYPE", ev(s("ev-w01"), s("app.open"), t(0), "[\"u-w1\"]"), "array in a mapped field"),
        quarantine("WRONG_TYPE", ev(s("ev-w02"), "{\"a\":1}", t(5), s("u-w1")), "object in a mapped field"),
        quarantine("WRONG_TYPE",
            ev(s("ev-w03"), s("app.open"), t(10), s("u-w1"), APP + ",\"device\":{\"os\":{\"name\":\"Android\"},\"brand\":\"Fakefone\"}"),
            "object in a device field"),
        quarantine("WRONG_TYPE", ev(s("ev-w04"), s("app.open"), "[" + t(15) + "]", s("u-w1")), "array as the timestamp"),
        quarantine("WRONG_TYPE", ev(s("ev-w05"), s("app.open"), t(20), "[]"), "empty array in a mapped field"),
        quarantine("WRONG_TYPE", ev(s("ev-w06"), "[\"app.open\"]", t(25), null), "array field and missing user (first reason wins)"),
        trusted(ev(s("ev-w07"), s("app.open"), t(30), s("[u-w2]")), "ev-w07", "bracket-looking string"),
        trusted(ev(s("ev-w08"), s("app.open"), t(35), s("{u-w3}")), "ev-w08", "brace-looking string"),
        trusted(ev(s("ev-w09"), s("app.open"), t(40), "12345"), "ev-w09", "number where text is expected"),
        trusted(ev("42", s("app.open"), t(45), s("u-w4")), "42", "numeric event id"),
        trusted(ev(s("ev-w11"), s("app.open"), t(50), "true"), "ev-w11", "boolean where text is expected"));

    write(p, "app-events/missing-fields.jsonl", StandardCharsets.UTF_8, LF,
        quarantine("MISSING_FIELD", ev(s("ev-m01"), s("app.open"), t(0), null), "missing user id"),
        quarantine("MISSING_FIELD", ev(s("ev-m02"), s("app.open"), t(5), s("")), "empty user id"),
        quarantine("MISSING_FIELD", ev(s("ev-m03"), s("app.open"), t(10), s(" \\t ")), "whitespace-only user id"),
        quarantine("MISSING_FIELD", ev(s("ev-m04"), s("app.open"), t(15), "null"), "null user id"),
        quarantine("INVALID_JSON", ev(s("ev-m10"), s("app.open"), t(17), s("u-m1\t")), "raw tab inside a JSON string"),
        quarantine("MISSING_FIELD", ev(s("ev-m05"), s("app.open"), null, s("u-m1")), "missing timestamp"),
        quarantine("MISSING_FIELD", ev(s("ev-m06"), s("app.open"), s(""), s("u-m1")), "empty timestamp"),
        quarantine("MISSING_FIELD", ev(s("ev-m07"), null, t(30), s("u-m1")), "missing event name"),
        quarantine("MISSING_FIELD", "{}", "empty JSON object"),
        trusted(ev(s("ev-m09"), s("app.open"), t(40), s("u-m1")), "ev-m09", "good"));

    write(p, "app-events/times.jsonl", StandardCharsets.UTF_8, LF,
        quarantine("UNPARSEABLE_TIME", ev(s("ev-t01"), s("app.open"), s("yesterday"), s("u-t1")), "text timestamp"),
        quarantine("UNPARSEABLE_TIME", ev(s("ev-t02"), s("app.open"), "NaN", s("u-t1")), "NaN timestamp"),
        quarantine("UNPARSEABLE_TIME", ev(s("ev-t03"), s("app.open"), s("2024-03-01T09:00:00Z"), s("u-t1")), "ISO time where epoch millis is configured"),
        quarantine("UNPARSEABLE_TIME", ev(s("ev-t04"), s("app.open"), "12345678901234567", s("u-t1")), "epoch beyond the timestamp range"),
        quarantine("TIME_OUT_OF_RANGE", ev(s("ev-t05"), s("app.open"), "1709283600", s("u-t1")), "epoch seconds given as millis"),
        quarantine("TIME_OUT_OF_RANGE", ev(s("ev-t06"), s("app.open"), "-1000", s("u-t1")), "negative timestamp"),
        quarantine("TIME_OUT_OF_RANGE", ev(s("ev-t07"), s("app.open"), "946684799999", s("u-t1")), "last millisecond before 2000"),
        quarantine("TIME_OUT_OF_RANGE", ev(s("ev-t08"), s("app.open"), "4102444800001", s("u-t1")), "time after 2100"),
        quarantine("TIME_OUT_OF_RANGE", ev(s("ev-t09"), s("app.open"), "4070908800000", s("u-t1")), "more than max_ahead in the future"),
        trusted(ev(s("ev-t10"), s("app.open"), "946684800000", s("u-t1")), "ev-t10", "exactly min_time"),
        trusted(ev(s("ev-t11"), s("app.open"), T0 + ".5", s("u-t1")), "ev-t11", "timestamp with a fraction"),
        trusted(ev(s("ev-t12"), s("app.open"), s(t(1)), s("u-t1")), "ev-t12", "timestamp as quoted text"),
        trusted(ev(s("ev-t13"), s("app.open"), "1.7092836E12", s("u-t1")), "ev-t13", "timestamp in E-notation"),
        trusted(ev(s("ev-t14"), s("app.open"), s(" " + t(2) + " "), s("u-t1")), "ev-t14", "timestamp with surrounding blanks"));

    write(p, "app-events/crlf.jsonl", StandardCharsets.UTF_8, CRLF,
        trusted(ev(s("ev-c01"), s("app.open"), t(0), s("u-c1")), "ev-c01", "CRLF line endings"),
        blank("", "empty line"),
        trusted(ev(s("ev-c03"), s("app.close"), t(60), s("u-c1")), "ev-c03", "CRLF line endings"));

    write(p, "app-events/cr-only.jsonl", StandardCharsets.UTF_8, CR,
        trusted(ev(s("ev-r01"), s("app.open"), t(0), s("u-r1")), "ev-r01", "CR-only line endings"),
        quarantine("MISSING_FIELD", ev(s("ev-r02"), s("app.open"), t(30), null), "CR-only line endings"),
        trusted(ev(s("ev-r03"), s("app.close"), t(60), s("u-r1")), "ev-r03", "CR-only line endings"));

    writeWithBom(p, "app-events/bom.jsonl",
        trusted(ev(s("ev-b01"), s("app.open"), t(0), s("u-b1")), "ev-b01", "UTF-8 BOM at the start of a file"),
        trusted(ev(s("ev-b02"), s("app.close"), t(60), s("u-b1")), "ev-b02", "good"));

    writeWithBom(p, "app-events/bom-then-bad.jsonl",
        quarantine("MISSING_FIELD", ev(s("ev-b03"), s("app.open"), t(0), null), "UTF-8 BOM before a bad record"),
        trusted(ev(s("ev-b04"), s("app.open"), t(60), s("u-b2")), "ev-b04", "good"));

    writeGzip(p, "app-events/compressed.jsonl.gz",
        trusted(ev(s("ev-z01"), s("app.open"), t(0), s("u-z1")), "ev-z01", "gzip-compressed file"),
        quarantine("INVALID_JSON", "{\"meta\":{\"id\":\"ev-z02\",\"type\":\"app.open\",\"timest", "truncated JSON in a gzip file"),
        trusted(ev(s("ev-z03"), s("app.close"), t(60), s("u-z1")), "ev-z03", "gzip-compressed file"));

    // ISO-8859-1 bytes (é = 0xE9) in a pipeline that reads UTF-8: the byte becomes U+FFFD
    write(p, "app-events/latin1-byte.jsonl", StandardCharsets.ISO_8859_1, LF,
        trusted(ev(s("ev-l01"), s("app.open"), t(0), s("u-l1"), APP + "," + DEVICE + ",\"note\":\"café\""), "ev-l01", "Latin-1 byte in a UTF-8 file"),
        quarantine("INVALID_JSON", "{\"meta\":{\"id\":\"ev-l02\",\"type\":\"café.open\"", "Latin-1 byte in a broken line"));

    write(p, "app-events/huge-line.jsonl", StandardCharsets.UTF_8, LF,
        trusted(ev(s("ev-h01"), s("app.open"), t(0), s("u-h1"), APP + "," + DEVICE + ",\"blob\":\"" + "0123456789abcdef".repeat(65_536) + "\""),
            "ev-h01", "1 MB line"),
        trusted(ev(s("ev-h02"), s("app.close"), t(60), s("u-h1")), "ev-h02", "good"));

    write(p, "app-events/extra-fields.jsonl", StandardCharsets.UTF_8, LF,
        trusted(
            "{\"trace\":\"t-1\",\"meta\":{\"id\":\"ev-x01\",\"schemaVersion\":7,\"type\":\"app.open\",\"timestamp\":" + t(0) + "},\"data\":{\"userId\":\"u-x1\","
                + APP + "," + DEVICE + ",\"experiments\":{\"x\":[1,2,{\"y\":null}]}}}",
            "ev-x01", "unknown extra fields"),
        trusted("{\"data\":{\"userId\":\"u-x1\"," + APP + "},\"meta\":{\"timestamp\":" + t(60) + ",\"type\":\"app.close\",\"id\":\"ev-x02\"}}", "ev-x02",
            "keys in another order"));

    // duplicates, always within one user: the earliest time is kept; ties go to the first file
    String noId = ev(null, s("app.open"), t(300), s("u-d4"));
    String noIdToo = ev(null, s("app.open"), t(360), s("u-d5"));
    write(p, "app-events/dupes-a.jsonl", StandardCharsets.UTF_8, LF,
        trusted(ev(s("ev-d1"), s("app.open"), t(0), s("u-d1")), "ev-d1", "duplicate id in one file (later resend)"),
        duplicate(ev(s("ev-d1"), s("app.open"), t(5), s("u-d1")), "ev-d1", "duplicate id in one file (later resend)"),
        trusted(ev(s("ev-d2"), s("app.open"), t(60), s("u-d2")), "ev-d2", "identical resend in another file"),
        duplicate(ev(s("ev-d3"), s("app.open"), t(130), s("u-d3")), "ev-d3", "earlier duplicate in a later file"),
        trusted(noId, md5(noId), "identical line without id twice"),
        duplicate(noId, md5(noId), "identical line without id twice"),
        trusted(noIdToo, md5(noIdToo), "line without id again with trailing blanks"),
        duplicate(noIdToo + " \t ", md5(noIdToo), "line without id again with trailing blanks"),
        trusted(ev(s("ev-d6"), s("app.open"), t(400), s("u-d6")), "ev-d6", "same id on a good and a quarantined record"),
        quarantine("MISSING_FIELD", ev(s("ev-d6"), null, t(390), s("u-d6")), "same id on a good and a quarantined record"));
    write(p, "app-events/dupes-b.jsonl", StandardCharsets.UTF_8, LF,
        duplicate(ev(s("ev-d2"), s("app.open"), t(60), s("u-d2")), "ev-d2", "identical resend in another file"),
        trusted(ev(s("ev-d3"), s("app.open"), t(120), s("u-d3")), "ev-d3", "earlier duplicate in a later file"),
        trusted(ev(s("ev-d7"), s("app.open"), t(500), s("u-d7")), "ev-d7", "good"));

    writeNoRecords(p, "app-events/empty.jsonl", StandardCharsets.UTF_8, LF, "empty file");
  }

  // ----------------------------------------------------- app-events-csv (format csv, app-events-csv.yaml, iso8601 times)

  static void appEventsCsv() {
    String p = "app-events-csv";
    String header = "event_id,user_id,event_time,event_name,platform";
    write(p, "app-events-csv/a.csv", StandardCharsets.UTF_8, LF,
        header(header, "good"),
        trusted("cv-01,u-c1,2024-03-01T09:00:00Z,app.open,android", "cv-01", "good"),
        blank(",,,,", "row of only separators"),
        quarantine("MISSING_FIELD", "cv-03,,2024-03-01T09:05:00Z,app.open,android", "missing value in a CSV row"),
        quarantine("UNPARSEABLE_TIME", "cv-04,u-c1,yesterday,app.open,android", "unparseable time in a CSV row"),
        trusted("cv-05,u-c1,2024-03-01T09:10:00Z,\"app.open,cold\",android", "cv-05", "quoted separator in a CSV value"),
        quarantine("UNPARSEABLE_TIME", "cv-06,u-c1,1709283600000,app.open,android", "epoch number where ISO time is configured"),
        trusted("cv-07,u-c1,2024-03-01T11:00:00+02:00,app.close,android", "cv-07", "ISO time with an offset"),
        duplicate("cv-01,u-c1,2024-03-01T09:00:30Z,app.open,android", "cv-01", "duplicate id in a CSV file"),
        trusted("cv-09,u-c1,2024-03-01 09:20,app.resume,android", "cv-09", "ISO time without seconds or T"),
        // Spark's CSV reader drops whitespace-only and empty lines before the job sees them: no record, no blank line
        skipped("   ", "whitespace-only CSV row"),
        skipped("", "empty CSV row"),
        trusted("cv-10,u-c1,2024-03-01T09:25:00Z,app.close,android", "cv-10", "good"));
    write(p, "app-events-csv/b.csv", StandardCharsets.UTF_8, LF,
        header(" Platform ,TIMESTAMP,userId,Event_Name,id", "header names in another order and case"),
        trusted("ios,2024-03-01T10:00:00Z,u-c2,app.open,cv-11", "cv-11", "columns in another order under other names"),
        quarantine("MISSING_FIELD", "ios,2024-03-01T10:01:00Z,,app.open,cv-12", "missing value in a CSV row"),
        trusted("ios,2024-03-01T10:02:00Z,u-c2,app.close,cv-13", "cv-13", "columns in another order under other names"));
    write(p, "app-events-csv/no-user-column.csv", StandardCharsets.UTF_8, LF,
        header("event_id,event_time,event_name,platform", "header without the user column"),
        quarantine("MISSING_FIELD", "cv-21,2024-03-01T12:00:00Z,app.open,web", "header without the user column"),
        quarantine("MISSING_FIELD", "cv-22,2024-03-01T12:01:00Z,app.close,web", "header without the user column"));
    writeWithBom(p, "app-events-csv/bom-crlf.csv", CRLF,
        header(header, "BOM and CRLF in a CSV file"),
        trusted("cv-31,u-c3,2024-03-01T13:00:00Z,app.open,web", "cv-31", "BOM and CRLF in a CSV file"),
        trusted("cv-32,u-c3,2024-03-01T13:05:00Z,app.close,web", "cv-32", "BOM and CRLF in a CSV file"));
    writeNoRecords(p, "app-events-csv/header-only.csv", StandardCharsets.UTF_8, LF, "header-only file", header(header, "header-only file"));
    writeNoRecords(p, "app-events-csv/empty.csv", StandardCharsets.UTF_8, LF, "empty file");
  }

  // ------------------------------------------------------------ cafe-orders (headerless or header files, pipelines/cafe-orders.yaml)

  /** A café line: cells joined by commas as given (quote them yourself). */
  static String row(String... cells) {
    return String.join(",", cells);
  }

  static String q(String cell) {
    return "\"" + cell.replace("\"", "\"\"") + "\"";
  }

  /** A name or card number that must never reach a table or the log; returns it as written. */
  static String pd(String value) {
    personal.add(value);
    return value;
  }

  static void cafeOrders() {
    String p = "cafe-orders";
    String latte = q("Regular Latte - 2.15");
    String mocha = q("Regular Mocha - 2.30");
    pd("Ostrander");
    pd("Wilf");
    pd("Fakeley");
    pd("Izzy");
    write(p, "cafe-orders/hull_01-03-2024_09-00-00.csv", StandardCharsets.UTF_8, LF,
        trusted(row("01/03/2024 09:00", "Hull", pd("Tamsin Quillfeather"), latte, "2.15", "CARD", pd("7316429011885594")), null, "good"),
        quarantine("BAD_LAYOUT", row("01/03/2024 09:05", "Hull", pd("Ostrander, Wilf"), latte, "2.15", "CARD", pd("8204751193367712")), "unquoted comma in a name"),
        quarantine("BAD_LAYOUT", String.join(";", "01/03/2024 09:10", "Hull", pd("Orla Brackenbury"), "Regular Latte - 2.15", "2.15", "CASH", ""),
            "semicolon-separated line"),
        quarantine("BAD_LAYOUT", String.join("\t", "01/03/2024 09:12", "Hull", pd("Piet Vandermolen"), "Regular Latte - 2.15", "2.15", "CASH", ""),
            "tab-separated line"),
        quarantine("BAD_LAYOUT", row("01/03/2024 09:15", "Hull", pd("Ines \"Izzy\" Fakeley"), latte, "2.15", "CASH", ""), "stray quote in an unquoted cell"),
        quarantine("BAD_LAYOUT", row("01/03/2024 09:20", "Hull", pd("Yusuf Kettleworth"), latte, "2.15", pd("9204836617754422")),
            "card number in the payment column"),
        quarantine("BAD_LAYOUT", row("01/03/2024 09:30", "Hull", pd("Bea Thistlewood"), "\"Regular Latte - 2.15,"), "line break inside a quoted basket"),
        quarantine("BAD_LAYOUT", row("Large Tea - 1.60\"", "3.75", "CARD", pd("6620193847561237")), "line break inside a quoted basket"),
        quarantine("BAD_LAYOUT", row("01/03/2024 09:40", "Hull", pd("Caspar Dunmoreley"), latte, "2.15", "CARD", pd("7741028836459902"), ""),
            "trailing separator (8 cells)"),
        trusted(row("01/03/2024 09:45", "Hull", pd("Greta Pinchbeck"), q("Large Latte - 2.45"), "2.45", "CASH", ""), null, "good"));

    write(p, "cafe-orders/hull_02-03-2024_09-00-00.csv", StandardCharsets.UTF_8, LF,
        quarantine("UNPARSEABLE_TIME", row("31/02/2024 09:50", "Hull", pd("Juno Marchbanks"), mocha, "2.30", "CASH", ""), "impossible date"),
        quarantine("UNPARSEABLE_TIME", row("", "Hull", pd("Kit Farthingale"), mocha, "2.30", "CASH", ""), "empty time"),
        quarantine("TIME_OUT_OF_RANGE", row("15/06/1999 10:00", "Hull", pd("Lorcan Ashdownes"), mocha, "2.30", "CASH", ""), "time before 2000"),
        quarantine("TIME_OUT_OF_RANGE", row("01/01/2099 10:00", "Hull", pd("Hollis Wendlebury"), mocha, "2.30", "CASH", ""), "more than max_ahead in the future"),
        quarantine("MISSING_STORE", row("02/03/2024 10:05", "", pd("Mabel Cresswick"), latte, "2.15", "CASH", ""), "missing store"),
        quarantine("MISSING_STORE", row("02/03/2024 10:06", "   ", pd("Nico Pemberthy"), latte, "2.15", "CASH", ""), "whitespace-only store"),
        quarantine("UNPARSEABLE_TIME", row("02/03/2024 25:06", "", pd("Imogen Tarrasch"), "", "", "CASH", ""), "several problems (first reason wins)"),
        quarantine("EMPTY_BASKET", row("02/03/2024 10:10", "Hull", pd("Odile Starkweather"), q(""), "0.00", "CASH", ""), "empty basket"),
        quarantine("BAD_ITEM", row("02/03/2024 10:15", "Hull", pd("Pascal Hobbleday"), q("Regular Latte 2.15"), "2.15", "CARD", pd("5528190366471121")),
            "item without a dash before its price"),
        quarantine("BAD_PRICE", row("02/03/2024 10:20", "Hull", pd("Rosalind Tinmouth"), q("Regular Latte - 2.1O"), "2.10", "CASH", ""), "letter O in a price"),
        quarantine("BAD_PRICE", row("02/03/2024 10:25", "Hull", pd("Silas Crumpacker"), q("Regular Latte - 2.155"), "2.16", "CASH", ""), "price with three decimals"),
        quarantine("BAD_TOTAL", row("02/03/2024 10:30", "Hull", pd("Tova Lindqvarn"), latte, "two pounds", "CASH", ""), "total in words"),
        quarantine("BAD_TOTAL", row("02/03/2024 10:35", "Hull", pd("Ugo Bellweather"), latte, "", "CASH", ""), "missing total"),
        quarantine("BAD_TOTAL", row("02/03/2024 10:40", "Hull", pd("Vera Moonsworth"), latte, "-2.15", "CASH", ""), "negative total"),
        quarantine("AMOUNT_OUT_OF_RANGE", row("02/03/2024 10:45", "Hull", pd("Wren Oakhollow"), latte, "100000000.00", "CASH", ""), "total too large"),
        quarantine("AMOUNT_OUT_OF_RANGE",
            row("02/03/2024 10:50", "Hull", pd("Xavi Duskmoor"), q("Regular Latte - 100000000.00"), "100000000.00", "CARD", pd("4410982277365515")),
            "item price too large"),
        quarantine("TOTAL_MISMATCH",
            row("02/03/2024 10:55", "Hull", pd("Yara Pebblestone"), q("Regular Americano - 1.95, Regular Cortado - 2.05"), "4.10", "CARD", pd("3370418825561093")),
            "total off by 0.10"),
        trusted(row("02/03/2024 11:00", "Hull", pd("Zeno Hartcliffe"), q("Regular Americano - 1.95, Regular Cortado - 2.05"), "4.005", "CASH", ""), null,
            "total off by exactly the tolerance"),
        trusted(row("02/03/2024 11:05", "Hull", pd("Agnes Follifoot"), latte, "2.15", "CASH", ""), null, "good"));

    pd("Quorrindale");
    write(p, "cafe-orders/leeds_03-03-2024_09-00-00.csv", StandardCharsets.UTF_8, LF, false,
        trusted(row("03/03/2024 09:00", "Leeds", pd("\"Dara O\"\"Quorrindale\""), latte, "2.15", "CARD", pd("7316420011885596")), null,
            "quoted name with doubled quotes"),
        trusted(row("03/03/2024 09:02", "Leeds", pd("\"Dara O\"\"Quorrindale, Fictive\""), latte, "2.15", "CARD", pd("7316420011885596")), null,
            "quoted name with doubled quotes and a comma"),
        trusted(row("3/3/2024 9:05", "Leeds", pd("Elsie Gorringe"), q("Regular Flat white - 2.15, Regular Flat white - 2.15"), "4.3", "CARD", pd("7.31642E+15")),
            null, "E-notation card number"),
        trusted(row("03/03/2024 09:10", "Leeds", pd("Fergus Whitlocke"), q("Large Latte - 2.45, Regular Hot chocolate - 1.55"), "4", "CASH", ""), null,
            "total without decimals"),
        trusted(row("03/03/2024 09:15", "Leeds", pd("Gwen Harrowgate"), q("Regular Latte - $2.15, Large Smoothies - Berry Blast - £2.50"), "£4.65", "CARD",
            pd("8820461193750027")), null, "currency signs before prices and total"),
        trusted(row("03/03/2024 09:20", "Leeds", pd("Hector Lumbridge"), q("Regular Americano - 1.95"), "1.95", "CASH"), null, "cash line without the card cell"),
        trusted(row("03/03/2024 09:25", "Leeds", pd("Imke Saltmarsh"), latte, "2.15", "card", pd("7316 4200 1188 5592")), null,
            "lower-case payment and a spaced card number"),
        trusted(row("03/03/2024 09:30", "Leeds", pd("Jasper Quenby"), mocha, "2.30", "CASH", ""), null, "identical order twice"),
        trusted(row("03/03/2024 09:30", "Leeds", "Jasper Quenby", mocha, "2.30", "CASH", ""), null, "identical order twice"),
        blank("   \t", "whitespace-only line"),
        blank(",,,,,,", "row of only separators"),
        blank("\"\",\"\",\"\",\"\",\"\",\"\",\"\"", "row of empty quoted cells"),
        trusted(row("03/03/2024 09:40", " Leeds ", " " + pd("Kestrel Amberley") + " ", " " + q("Large - Speciality Tea - Green - 1.60"), " 1.60 ", " CASH", ""),
            null, "blanks around cells"),
        blank(" ", "trailing line of a space"));

    write(p, "cafe-orders/york_04-03-2024_09-00-00.csv", StandardCharsets.UTF_8, CRLF,
        trusted(row("04-03-2024 11:00", "York", pd("Lenora Mistlethwaite"), latte, "2.15", "CARD", pd("5092837465019283")), null, "CRLF line endings"),
        quarantine("BAD_LAYOUT", row("04-03-2024 11:05", "York", pd("Magnus Thorncastle"), latte, "2,15", "CASH", ""), "decimal comma in an unquoted total"),
        trusted(row("04-03-2024 11:10", "York", pd("Nell Oxenbridge"), q("Regular Americano - 1.95"), "1.95", "CASH", ""), null, "CRLF line endings"));

    write(p, "cafe-orders/york_05-03-2024_09-00-00.csv", StandardCharsets.UTF_8, CR,
        trusted(row("05-03-2024 11:00", "York", pd("Osric Pellingham"), latte, "2.15", "CASH", ""), null, "CR-only line endings"),
        quarantine("TOTAL_MISMATCH", row("05-03-2024 11:05", "York", pd("Perpetua Windrush"), latte, "2.50", "CARD", pd("6104928374651029")),
            "CR-only line endings"),
        trusted(row("05-03-2024 11:10", "York", pd("Quill Ambersley"), mocha, "2.30", "CASH", ""), null, "CR-only line endings"));

    String header = "Date,Location,Customer Name,Basket,Total,Payment Method,Card Number";
    writeWithBom(p, "cafe-orders/derby_06-03-2024_09-00-00.csv", LF,
        header(header, "BOM before a header"),
        trusted(row("2024-03-06 09:00:00", "Derby", pd("Rhoswen Calloway"), latte, "2.15", "CARD", pd("4829103746582910")), null, "BOM before a header"),
        quarantine("MISSING_STORE", row("2024-03-06 09:05:00", "", pd("Sten Haverbrook"), latte, "2.15", "CASH", ""), "missing store"),
        trusted(row("2024-03-06 09:10:00", "Derby", pd("Thea Goldsworthy"), mocha, "2.30", "CASH", ""), null, "good"));

    writeGzip(p, "cafe-orders/derby_07-03-2024_09-00-00.csv.gz",
        trusted(row("07/03/2024 09:00", "Derby", pd("Ulric Fenwright"), latte, "2.15", "CARD", pd("5738291046375820")), null, "gzip-compressed file"),
        quarantine("EMPTY_BASKET", row("07/03/2024 09:05", "Derby", pd("Verity Scrimshaw"), q(" "), "0", "CASH", ""), "blank basket in a gzip file"),
        trusted(row("07/03/2024 09:10", "Derby", pd("Walden Ivybridge"), mocha, "2.30", "CASH", ""), null, "gzip-compressed file"));

    write(p, "cafe-orders/ripon_08-03-2024_09-00-00.csv", StandardCharsets.UTF_8, LF,
        header("Date,Location,Name,Basket,Total,Payment Method,Card", "personal columns named differently"),
        trusted(row("08/03/2024 09:00", "Ripon", pd("Xanthe Borrowdale"), latte, "2.15", "CARD", pd("6219384756102938")), null,
            "personal columns named differently"),
        quarantine("BAD_ITEM", row("08/03/2024 09:05", "Ripon", pd("Yorick Penhallow"), q("Latte"), "2.15", "CARD", pd("7102938475610293")),
            "personal columns named differently"),
        trusted(row("08/03/2024 09:10", "Ripon", pd("Zinnia Crowhurst"), mocha, "2.30", "CASH", ""), null, "personal columns named differently"));

    write(p, "cafe-orders/ripon_09-03-2024_09-00-00.csv", StandardCharsets.UTF_8, LF,
        header(" total ,BASKET,date, Location ,Payment Method,Card Number,customer name", "header columns in another order and case"),
        trusted(row("2.15", latte, "09/03/2024 09:00", "Ripon", "CARD", pd("8391028475610294"), pd("Ansel Drummore")), null, "header columns in another order and case"),
        quarantine("BAD_PRICE", row("2.15", q("Regular Latte - two"), "09/03/2024 09:05", "Ripon", "CASH", "", pd("Briony Tadcastle")), "price in words"),
        trusted(row("2.30", mocha, "09/03/2024 09:10", "Ripon", "CASH", "", pd("Cosmo Rattenbury")), null, "header columns in another order and case"));

    writeNoRecords(p, "cafe-orders/selby_10-03-2024_09-00-00.csv", StandardCharsets.UTF_8, LF, "header-only file", header(header, "header-only file"));
    writeNoRecords(p, "cafe-orders/selby_11-03-2024_09-00-00.csv", StandardCharsets.UTF_8, LF, "empty file");

    // windows-1252 bytes (é = 0xE9, £ = 0xA3) in a pipeline that reads UTF-8: both become U+FFFD
    pd("Fauxbourg");
    pd("Inventado");
    write(p, "cafe-orders/whitby_12-03-2024_09-00-00.csv", CP1252, LF,
        trusted(row("12/03/2024 09:00", "Whitby", pd("Renée Fauxbourg"), latte, "2.15", "CASH", ""), null, "windows-1252 name read as UTF-8"),
        quarantine("BAD_PRICE", row("12/03/2024 09:05", "Whitby", pd("José Inventado"), q("Regular Latte - £2.15"), "2.15", "CASH", ""),
            "windows-1252 pound sign read as UTF-8"));
  }

  // ------------------------------------------------ cafe-orders-cp1252 (encoding: windows-1252, cafe-orders-cp1252.yaml)

  static void cafeOrdersCp1252() {
    String p = "cafe-orders-cp1252";
    pd("Nullhaven");
    pd("Beauchêne");
    write(p, "cafe-orders-cp1252/bath_13-03-2024_09-00-00.csv", CP1252, CRLF,
        trusted(row("13/03/2024 09:00", "Bath", pd("Renée Fauxbourg"), q("Regular Latte - £2.15, Large Smoothies - Berry Blast - £2.50"), "£4.65", "CARD",
            pd("6.01934E+15")), null, "windows-1252 name and pound signs"),
        trusted(row("13/03/2024 09:05", "Bath", pd("José Inventado"), q("Regular Latte - €2.15"), "2.15", "CASH", ""), null, "windows-1252 euro sign (0x80)"),
        quarantine("BAD_TOTAL", row("13/03/2024 09:10", "Bath", pd("Zoë Nullhaven"), q("Regular Latte - £2.15"), "deux livres", "CARD", pd("7293846510293847")),
            "windows-1252 name on a quarantined line"));
    write(p, "cafe-orders-cp1252/bath_14-03-2024_09-00-00.csv", CP1252, LF,
        header("Date,Location,Customer Name,Basket,Total,Payment Method,Card Number", "good"),
        trusted(row("14/03/2024 09:00", "Café Bath", pd("Maëlle Beauchêne"), q("Large Crème brûlée latte - £2.95"), "£2.95", "CARD", pd("5910293847561029")), null,
            "windows-1252 text in a header file"));
    personal.add("7.31642E15");
    personal.add("6.01934E15");
  }

  // ---------------------------------------------------------------------------------------------------- lines and files

  static Line trusted(String text, String id, String kind) {
    return new Line(text, "trusted", id, kind);
  }

  static Line duplicate(String text, String id, String kind) {
    return new Line(text, "duplicate", id, kind);
  }

  static Line quarantine(String reason, String text, String kind) {
    return new Line(text, "quarantine:" + reason, null, kind);
  }

  static Line blank(String text, String kind) {
    return new Line(text, "blank", null, kind);
  }

  /** A line that is no record and that the job does not count either (see docs/contributing.md, "Bad-input corpus"). */
  static Line skipped(String text, String kind) {
    return new Line(text, "skipped", null, kind);
  }

  static Line header(String text, String kind) {
    return new Line(text, "header", null, kind);
  }

  static void write(String pipeline, String file, Charset charset, String eol, Line... lines) {
    write(pipeline, file, charset, eol, true, lines);
  }

  /** The lines joined by {@code eol}, ending with one unless {@code finalEol} is false. */
  static void write(String pipeline, String file, Charset charset, String eol, boolean finalEol, Line... lines) {
    store(pipeline, file, bytes(charset, eol, finalEol, lines), lines);
  }

  static void writeWithBom(String pipeline, String file, Line... lines) {
    writeWithBom(pipeline, file, LF, lines);
  }

  static void writeWithBom(String pipeline, String file, String eol, Line... lines) {
    byte[] text = bytes(StandardCharsets.UTF_8, eol, true, lines);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    store(pipeline, file, withBom, lines);
  }

  static void writeGzip(String pipeline, String file, Line... lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes(StandardCharsets.UTF_8, LF, true, lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store(pipeline, file, out.toByteArray(), lines);
  }

  /** A file without records: its lines (a header, or none) and a manifest row of line 0 saying so. */
  static void writeNoRecords(String pipeline, String file, Charset charset, String eol, String kind, Line... lines) {
    write(pipeline, file, charset, eol, lines);
    manifest.add(String.join(",", pipeline, file, "0", "none", "", kind));
  }

  static byte[] bytes(Charset charset, String eol, boolean finalEol, Line... lines) {
    List<String> texts = new ArrayList<>();
    for (Line line : lines) {
      texts.add(line.text());
    }
    String text = String.join(eol, texts) + (finalEol && lines.length > 0 ? eol : "");
    if (!charset.newEncoder().canEncode(text)) {
      throw new IllegalStateException("not encodable in " + charset + ": " + text);
    }
    return text.getBytes(charset);
  }

  static void store(String pipeline, String file, byte[] bytes, Line... lines) {
    try {
      Path path = ROOT.resolve(file);
      Files.createDirectories(path.getParent());
      Files.write(path, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < lines.length; i++) {
      Line line = lines[i];
      if (pipeline.startsWith("cafe")) {
        checkNoRealCardNumber(line.text());
      }
      if (line.kind().contains(",") || line.kind().contains("\"")) {
        throw new IllegalStateException("a kind holds no comma or quote: " + line.kind());
      }
      String id = pipeline.startsWith("app-events") && line.id() != null ? line.id() : "";
      manifest.add(String.join(",", pipeline, file, String.valueOf(i + 1), line.outcome(), id, line.kind()));
    }
  }

  /** Refuses any 13 to 19 digit number (single spaces allowed between digits) that passes the Luhn check. */
  static void checkNoRealCardNumber(String text) {
    Matcher digits = Pattern.compile("(?<![0-9])[0-9](?: ?[0-9]){12,18}(?![0-9])").matcher(text);
    while (digits.find()) {
      String number = digits.group().replace(" ", "");
      int sum = 0;
      for (int i = 0; i < number.length(); i++) {
        int digit = number.charAt(number.length() - 1 - i) - '0';
        if (i % 2 == 1) {
          digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        }
        sum += digit;
      }
      if (sum % 10 == 0) {
        throw new IllegalStateException("Luhn-valid number, pick another: " + number);
      }
    }
  }

  /** The event id ConformEvents gives a record without one: the MD5 of the line trimmed of spaces, tabs, CR and LF. */
  static String md5(String line) {
    String trimmed = line.replaceAll("^[ \\t\\r\\n]+|[ \\t\\r\\n]+$", "");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(trimmed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

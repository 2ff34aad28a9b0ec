package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code source} section of a pipeline: where the landing data is and how to map it onto canonical fields.
 *
 * @param type what the data holds (events, orders)
 * @param path landing input: a file, a directory or a glob, local or {@code s3a://}
 * @param format json (JSON lines), csv or parquet
 * @param options passed unchanged to Spark's reader
 * @param fields canonical field to its source column candidates, in order; the first present non-empty one wins.
 *     Dot paths reach into nested JSON; CSV files without a header use Spark's positional names {@code _c0}, ...
 * @param payload dot path of the JSON object kept as JSON text in the {@code payload} column; empty for none
 * @param timeFormats formats tried in order until one parses
 * @param timezone zone of timestamps that carry no offset
 * @param header whether CSV files start with a header line (CSV only)
 * @param encoding the character set of text input (JSON lines and CSV), e.g. windows-1252 for spreadsheet exports;
 *     bytes that are not valid in it become U+FFFD. Only sets that write line breaks and separators as single ASCII
 *     bytes: files are split into lines before they are decoded
 * @param tables the tables of a {@code records} source (empty for events and orders)
 */
public record SourceConfig(
    SourceType type,
    String path,
    SourceFormat format,
    Map<String, String> options,
    Map<String, List<String>> fields,
    Optional<String> payload,
    List<TimeFormat> timeFormats,
    ZoneId timezone,
    HeaderMode header,
    Charset encoding,
    List<RecordTableConfig> tables) {

  private static final String ENCODINGS = "a character set such as UTF-8, windows-1252 or ISO-8859-15 (UTF-16 and UTF-32 are not supported)";

  static final ConfigKey<SourceType> TYPE =
      ConfigKey.choice("type", SourceType.class, "events, orders or records")
          .required("the kind of landing data: events, orders or records")
          .doc(
              "`events` (app events: sessionized), `orders` (point of sale: see [orders](orders.md)) or `records` (any tables: see"
                  + " [records](records.md))");
  static final ConfigKey<String> PATH =
      ConfigKey.text("path", "the landing input: a file, directory or glob, local or s3a://")
          .required()
          .docRequired("events, orders")
          .doc(
              "landing input: a file, a directory or a glob, local or `s3a://`; `--input` overrides. With `records`: the landing root that"
                  + " the tables' relative paths are under");
  static final ConfigKey<SourceFormat> FORMAT =
      ConfigKey.choice("format", SourceFormat.class, "json, csv or parquet").defaultsTo("json").doc("`json` (JSON lines), `csv`, `parquet`; `orders` need `csv`");
  static final ConfigKey<HeaderMode> HEADER =
      ConfigKey.choice("header", HeaderMode.class, "auto, true or false")
          .docDefault(perSourceType(type -> type.defaultHeader().name().toLowerCase(Locale.ROOT)))
          .doc("CSV only: `auto` (per file: a first line naming a mapped column is a header), `true`, `false`");
  static final ConfigKey<Charset> ENCODING =
      ConfigKey.parsed("encoding", ENCODINGS, SourceConfig::asciiCompatible)
          .defaultsTo("UTF-8")
          .doc(
              "JSON and CSV only: the character set of the files, e.g. `windows-1252` or `ISO-8859-15` for spreadsheet exports (so `£` and"
                  + " accented names survive). Bytes not valid in it become U+FFFD; a byte-order mark at a file's start is dropped. Sets that"
                  + " write line breaks or separators in more than one byte (UTF-16, UTF-32) are refused: files are split into lines before"
                  + " they are decoded");
  static final ConfigKey<Map<String, String>> OPTIONS =
      ConfigKey.textMap("options")
          .defaultsTo(Map.of())
          .doc("passed to Spark's reader (and to `from_json` for JSON); for CSV, `sep` is also the separator the layout checks count");
  static final ConfigKey<ConfigNode> FIELDS =
      ConfigKey.namedValues("fields", "<canonical>")
          .docRequired("events, orders: see below")
          .doc(
              "the source column of a canonical field: a dot path into nested JSON/Parquet, a header name for CSV, or a list of them tried"
                  + " in order (the first present, non-empty one wins)");
  static final ConfigKey<String> PAYLOAD =
      ConfigKey.text("payload", "a dot path such as data").doc("dot path of an object kept as JSON text in the `payload` column");
  static final ConfigKey<List<TimeFormat>> TIME_FORMAT =
      ConfigKey.parsedList("time_format", TimeFormat.EXPECTED, TimeFormat::parse)
          .docDefault(perSourceType(type -> type.defaultTimeFormats().size() == 1 ? type.defaultTimeFormats().get(0) : type.defaultTimeFormats()))
          .doc(
              "`epoch_millis`, `epoch_seconds`, `iso8601` or a `java.time` pattern such as `dd/MM/yyyy HH:mm`; one, or a list tried in"
                  + " order");
  static final ConfigKey<ZoneId> TIMEZONE =
      ConfigKey.parsed("timezone", "a zone id such as UTC or Europe/London", SourceConfig::zone)
          .defaultsTo("UTC")
          .doc("zone of timestamps that carry no offset");

  static final ConfigKey<List<ConfigNode>> TABLES =
      ConfigKey.sectionList("tables", RecordTableConfig.KEYS, "a list of tables, each with name, path or jdbc, columns and key")
          .docRequired("records")
          .ownTable("records")
          .doc("the tables of a `records` source: see [records tables](#records-tables-sourcetables)");

  static final ConfigSection KEYS = ConfigSection.of(TYPE, PATH, FORMAT, HEADER, ENCODING, OPTIONS, FIELDS, PAYLOAD, TIME_FORMAT, TIMEZONE, TABLES);

  /** The fields holding personal data, as the mapping names them: read to mask or key, never stored. */
  public List<String> personalFields() {
    return type.personalFields().stream().filter(this::maps).toList();
  }

  /** The source columns of a canonical field, or empty when the mapping does not name it. */
  public List<String> columnsOf(String canonicalField) {
    return fields.getOrDefault(canonicalField, List.of());
  }

  /** The cell separator of CSV files ({@code options.sep}, Spark's name, or {@code options.delimiter}; a comma). */
  public String csvSeparator() {
    return options.getOrDefault("sep", options.getOrDefault("delimiter", ","));
  }

  public boolean maps(String canonicalField) {
    return fields.containsKey(canonicalField);
  }

  public SourceConfig withPath(String newPath) {
    return new SourceConfig(type, newPath, format, options, fields, payload, timeFormats, timezone, header, encoding, tables);
  }

  /** The same source with {@code url} as the URL of every JDBC table ({@code --jdbc-url}). */
  public SourceConfig withJdbcUrl(String url) {
    return new SourceConfig(type, path, format, options, fields, payload, timeFormats, timezone, header, encoding, tables.stream().map(t -> t.withJdbcUrl(url)).toList());
  }

  /** Whether a table of this source is read from a database ({@code jdbc}). */
  public boolean readsDatabase() {
    return tables.stream().anyMatch(t -> t.jdbc().isPresent());
  }

  /**
   * Where a {@code records} table's files are: its {@code path} as written when absolute (a leading {@code /} or a
   * scheme such as {@code s3a://}), else under the landing root {@code source.path} (or {@code --input}) when set.
   */
  public String pathOf(RecordTableConfig table) {
    String written = table.path().orElseThrow();
    if (path.isEmpty() || written.startsWith("/") || written.contains("://")) {
      return written;
    }
    return path.endsWith("/") ? path + written : path + "/" + written;
  }

  public java.util.Optional<RecordTableConfig> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  static SourceConfig parse(ConfigNode node) {
    SourceType type = TYPE.read(node);
    if (type == SourceType.RECORDS) {
      return parseRecords(node);
    }
    if (TABLES.isSet(node)) {
      throw TABLES.invalid(node, "(a list)", "no tables: they belong to type records");
    }
    String path = PATH.read(node);
    SourceFormat format = FORMAT.read(node);
    Map<String, String> options = OPTIONS.read(node);
    Map<String, List<String>> fields = parseFields(node, type);
    Optional<String> payload = PAYLOAD.optional(node);
    List<TimeFormat> timeFormats =
        TIME_FORMAT.optional(node).orElseGet(() -> type.defaultTimeFormats().stream().map(text -> TimeFormat.parse(text).orElseThrow()).toList());
    ZoneId zone = TIMEZONE.read(node);
    HeaderMode header = HEADER.optional(node).orElse(type.defaultHeader());
    if (HEADER.isSet(node) && format != SourceFormat.CSV) {
      throw HEADER.invalid(node, HEADER.writtenText(node).orElseThrow(), "no header setting: it applies to format csv only");
    }
    if (type == SourceType.ORDERS && format != SourceFormat.CSV) {
      throw FORMAT.invalid(node, FORMAT.writtenText(node).orElse(format.yamlName()), "csv: point-of-sale orders are read from CSV files");
    }
    if (type == SourceType.EVENTS && format == SourceFormat.CSV && header != HeaderMode.TRUE) {
      throw HEADER.invalid(node, HEADER.writtenText(node).orElseThrow(), "true: event CSV files are mapped by their header");
    }
    Charset encoding = ENCODING.read(node);
    if (format == SourceFormat.PARQUET && ENCODING.isSet(node)) {
      throw ENCODING.invalid(node, ENCODING.writtenText(node).orElseThrow(), "no encoding setting: it applies to json and csv input");
    }
    return new SourceConfig(type, path, format, options, fields, payload, timeFormats, zone, header, encoding, List.of());
  }

  /** {@code type: records}: only {@code tables}, each with its own path or database, format and columns. */
  private static SourceConfig parseRecords(ConfigNode node) {
    for (ConfigKey<?> other : List.of(FORMAT, HEADER, ENCODING, OPTIONS, FIELDS, PAYLOAD, TIME_FORMAT, TIMEZONE)) {
      if (other.isSet(node)) {
        throw other.invalid(node, other.writtenText(node).orElse("(a mapping)"), "no source." + other.name() + " with type records: each of source.tables sets its own");
      }
    }
    List<RecordTableConfig> tables = new ArrayList<>();
    for (ConfigNode entry : TABLES.optional(node).orElse(List.of())) {
      RecordTableConfig table = RecordTableConfig.parse(entry);
      if (tables.stream().anyMatch(t -> t.name().equals(table.name()))) {
        throw RecordTableConfig.NAME.invalid(entry, table.name(), "a name not used by another table");
      }
      tables.add(table);
    }
    if (tables.isEmpty()) {
      throw TABLES.missing(node, "at least one table: a list of {name, path or jdbc, columns, key}");
    }
    return new SourceConfig(
        SourceType.RECORDS, PATH.optional(node).orElse(""), SourceFormat.CSV, Map.of(), Map.of(), Optional.empty(), List.of(), ZoneId.of("UTC"), HeaderMode.TRUE, StandardCharsets.UTF_8,
        List.copyOf(tables));
  }

  /** The documented default of a key whose default depends on {@code type}: {@code events: `iso8601`; orders: `[...]`}. */
  private static String perSourceType(Function<SourceType, Object> writtenDefault) {
    return String.join(
        "; ", Arrays.stream(SourceType.values()).filter(type -> type != SourceType.RECORDS).map(type -> type.yamlName() + ": `" + ConfigKey.yamlText(writtenDefault.apply(type)) + "`").toList());
  }

  private static Optional<ZoneId> zone(String text) {
    try {
      return Optional.of(ZoneId.of(text));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The character set, if it writes line breaks, separators and quotes as the single ASCII bytes the readers split on. */
  private static Optional<Charset> asciiCompatible(String name) {
    try {
      Charset charset = Charset.forName(name);
      String probe = "\n\r,;\t\"az09";
      boolean ascii = java.util.Arrays.equals(probe.getBytes(charset), probe.getBytes(StandardCharsets.US_ASCII));
      return ascii ? Optional.of(charset) : Optional.empty();
    } catch (IllegalArgumentException e) { // unknown or illegal name
      return Optional.empty();
    }
  }

  private static Map<String, List<String>> parseFields(ConfigNode node, SourceType type) {
    ConfigNode fieldsNode =
        FIELDS.optional(node)
            .orElseThrow(() -> FIELDS.missing(node, "a mapping of canonical fields (" + String.join(", ", type.requiredFields()) + ") to source columns"));
    List<String> known = new ArrayList<>(type.requiredFields());
    known.addAll(type.optionalFields());
    fieldsNode.rejectUnknownKeys(known);
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String field : known) {
      fieldsNode
          .stringOrList(field, "a source column, a dot path into nested JSON, or a list of them tried in order")
          .ifPresent(columns -> fields.put(field, columns));
    }
    for (String required : type.requiredFields()) {
      if (!fields.containsKey(required)) {
        throw Errors.missingKey(
            fieldsNode.keyOf(required), node.file(), "the source column holding " + required.replace('_', ' '));
      }
    }
    return fields;
  }

}

package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    Charset encoding) {

  static final Set<String> KEYS =
      new LinkedHashSet<>(List.of("type", "path", "format", "header", "encoding", "options", "fields", "payload", "time_format", "timezone"));

  private static final String ENCODINGS = "a character set such as UTF-8, windows-1252 or ISO-8859-15 (UTF-16 and UTF-32 are not supported)";

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
    return new SourceConfig(type, newPath, format, options, fields, payload, timeFormats, timezone, header, encoding);
  }

  static SourceConfig parse(ConfigNode node) {
    node.rejectUnknownKeys(KEYS);
    String typeText = node.requiredString("type", "the kind of landing data: events or orders");
    SourceType type = node.enumValue(SourceType.class, "type", typeText, "events or orders");
    String path = node.requiredString("path", "the landing input: a file, directory or glob, local or s3a://");
    String formatText = node.string("format", "json", "json, csv or parquet");
    SourceFormat format = node.enumValue(SourceFormat.class, "format", formatText, "json, csv or parquet");
    Map<String, String> options = node.stringMap("options");
    Map<String, List<String>> fields = parseFields(node, type);
    Optional<String> payload = node.optionalString("payload", "a dot path such as data");
    List<TimeFormat> timeFormats = new ArrayList<>();
    for (String text :
        node.stringOrList("time_format", TimeFormat.EXPECTED).orElse(type.defaultTimeFormats())) {
      timeFormats.add(
          TimeFormat.parse(text)
              .orElseThrow(() -> Errors.invalidValue(node.keyOf("time_format"), node.file(), text, TimeFormat.EXPECTED)));
    }
    String zoneText = node.string("timezone", "UTC", "a zone id such as UTC or Europe/London");
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw Errors.invalidValue(node.keyOf("timezone"), node.file(), zoneText, "a zone id such as UTC or Europe/London");
    }
    String headerText = node.string("header", type == SourceType.ORDERS ? "auto" : "true", "auto, true or false");
    HeaderMode header = node.enumValue(HeaderMode.class, "header", headerText, "auto, true or false");
    if (node.has("header") && format != SourceFormat.CSV) {
      throw Errors.invalidValue(node.keyOf("header"), node.file(), headerText, "no header setting: it applies to format csv only");
    }
    if (type == SourceType.ORDERS && format != SourceFormat.CSV) {
      throw Errors.invalidValue(node.keyOf("format"), node.file(), formatText, "csv: point-of-sale orders are read from CSV files");
    }
    if (type == SourceType.EVENTS && format == SourceFormat.CSV && header != HeaderMode.TRUE) {
      throw Errors.invalidValue(node.keyOf("header"), node.file(), headerText, "true: event CSV files are mapped by their header");
    }
    String encodingText = node.string("encoding", "UTF-8", ENCODINGS);
    Charset encoding = asciiCompatible(encodingText).orElseThrow(() -> Errors.invalidValue(node.keyOf("encoding"), node.file(), encodingText, ENCODINGS));
    if (format == SourceFormat.PARQUET && node.has("encoding")) {
      throw Errors.invalidValue(node.keyOf("encoding"), node.file(), encodingText, "no encoding setting: it applies to json and csv input");
    }
    return new SourceConfig(type, path, format, options, fields, payload, List.copyOf(timeFormats), zone, header, encoding);
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
        node.requiredSection(
            "fields", "a mapping of canonical fields (" + String.join(", ", type.requiredFields()) + ") to source columns");
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

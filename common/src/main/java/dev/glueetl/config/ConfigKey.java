package dev.glueetl.config;

import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One key of the pipeline file, declared once: its name, the type its value is read as, whether it must be there, its
 * default (written as in a file, and read the same way), what a value must look like (for errors) and what it means
 * (for docs/pipeline-reference.md).
 *
 * <p>Keys are constants next to the record they fill, grouped per section in a {@link ConfigSection}:
 *
 * <pre>
 * static final ConfigKey&lt;Duration&gt; INACTIVITY_GAP =
 *     ConfigKey.duration("inactivity_gap").defaultsTo("30m").doc("a new session starts when the gap is greater");
 * static final ConfigSection KEYS = ConfigSection.of(INACTIVITY_GAP);
 *
 * Duration gap = INACTIVITY_GAP.read(node);
 * </pre>
 *
 * Everything goes through the declaration: accessors ({@link #read}, {@link #optional}), the unknown-key check of a
 * section ({@link ConfigSection#check}, also run by the key that reads the section), and the key tables of
 * docs/pipeline-reference.md, which {@code KeyTablesDocumentedTest} renders from {@code PipelineConfig.KEYS} and
 * compares with the file.
 *
 * <p>The declaration methods ({@link #required}, {@link #defaultsTo}, {@link #doc}, ...) are called once, where the
 * constant is declared.
 *
 * @param <T> the type of the value
 */
public final class ConfigKey<T> {
  /** Reads the value of a key that is present in {@code node}. */
  @FunctionalInterface
  interface Reader<T> {
    T read(ConfigNode node, String key);
  }

  /** How a key's value holds further keys, which the key tables name {@code a.b}, {@code a[].b} or {@code a.<label>.b}. */
  enum Shape {
    /** A value: text, a number, a list of texts, a mapping of free keys to texts. */
    VALUE,
    /** A mapping of declared keys. */
    SECTION,
    /** A list of mappings of declared keys. */
    SECTION_LIST,
    /** A mapping of free names ({@code <label>}) to mappings of declared keys. */
    NAMED_SECTIONS,
    /** A mapping of free names ({@code <label>}) to values checked by the section's own code. */
    NAMED_VALUES
  }

  private final String name;
  private final String expected;
  private final Reader<T> reader;
  private final Shape shape;
  private final Optional<ConfigSection> keys;
  private final List<Check<T>> checks = new ArrayList<>();
  private String label = "";
  private boolean required;
  private String missing;
  private Optional<Object> written = Optional.empty();
  private T defaultValue;
  private boolean refused;
  private String description = "";
  private String documentedDefault = "";
  private String documentedRequired = "";
  private String table = "";

  /** A condition a value must meet beyond its type, and what the error then says it expects. */
  private record Check<T>(Predicate<T> ok, String expected) {}

  private ConfigKey(String name, String expected, Shape shape, Optional<ConfigSection> keys, Reader<T> reader) {
    this.name = name;
    this.expected = expected;
    this.missing = expected;
    this.shape = shape;
    this.keys = keys;
    this.reader = reader;
  }

  // ---- types

  /** A scalar read as text (YAML numbers and booleans become their text). */
  static ConfigKey<String> text(String name, String expected) {
    return new ConfigKey<>(name, expected, Shape.VALUE, Optional.empty(), (node, key) -> node.optionalString(key, expected).orElseThrow());
  }

  /** A scalar turned into a value by {@code parse}; text it does not take is invalid. */
  static <V> ConfigKey<V> parsed(String name, String expected, Function<String, Optional<V>> parse) {
    return new ConfigKey<>(
        name, expected, Shape.VALUE, Optional.empty(),
        (node, key) -> {
          String text = node.optionalString(key, expected).orElseThrow();
          return parse.apply(text).orElseThrow(() -> Errors.invalidValue(node.keyOf(key), node.file(), text, expected));
        });
  }

  /** A constant of {@code type}, written in any case. */
  static <E extends Enum<E>> ConfigKey<E> choice(String name, Class<E> type, String expected) {
    return new ConfigKey<>(
        name, expected, Shape.VALUE, Optional.empty(), (node, key) -> node.enumValue(type, key, node.optionalString(key, expected).orElseThrow(), expected));
  }

  /** A duration such as {@code 30m} ({@link Durations}). */
  static ConfigKey<Duration> duration(String name) {
    return parsed(name, Durations.EXPECTED, Durations::parse);
  }

  /** One text or a list of them. */
  static ConfigKey<List<String>> textList(String name, String expected) {
    return new ConfigKey<>(name, expected, Shape.VALUE, Optional.empty(), (node, key) -> node.stringOrList(key, expected).orElseThrow());
  }

  /** One text or a list of them, each turned into a value by {@code parse}. */
  static <V> ConfigKey<List<V>> parsedList(String name, String expected, Function<String, Optional<V>> parse) {
    return new ConfigKey<>(
        name, expected, Shape.VALUE, Optional.empty(),
        (node, key) -> {
          List<V> values = new ArrayList<>();
          for (String text : node.stringOrList(key, expected).orElseThrow()) {
            values.add(parse.apply(text).orElseThrow(() -> Errors.invalidValue(node.keyOf(key), node.file(), text, expected)));
          }
          return List.copyOf(values);
        });
  }

  static ConfigKey<Boolean> flag(String name) {
    return new ConfigKey<>(name, "true or false", Shape.VALUE, Optional.empty(), (node, key) -> node.bool(key, false));
  }

  static ConfigKey<Integer> wholeNumber(String name, int min, int max) {
    return new ConfigKey<>(
        name, "a whole number from " + min + " to " + max, Shape.VALUE, Optional.empty(), (node, key) -> node.integer(key, min, min, max));
  }

  /** A mapping of free keys to texts, e.g. {@code options: {header: true}}. */
  static ConfigKey<Map<String, String>> textMap(String name) {
    return new ConfigKey<>(name, "a mapping of keys to values", Shape.VALUE, Optional.empty(), (node, key) -> node.stringMap(key));
  }

  /** A mapping of the keys of {@code keys}, checked for unknown and refused keys when read. */
  static ConfigKey<ConfigNode> section(String name, ConfigSection keys) {
    return new ConfigKey<>(
        name, "a mapping of keys to values", Shape.SECTION, Optional.of(keys),
        (node, key) -> keys.check(node.optionalSection(key).orElseThrow()));
  }

  /**
   * A mapping of the keys of {@code keys}, or a lone scalar standing for its {@code textKey} ({@code lake: s3://b/x} is
   * {@code lake: {path: s3://b/x}}): the short form stays valid when a key grows settings.
   */
  static ConfigKey<ConfigNode> textOrSection(String name, ConfigSection keys, String textKey) {
    return new ConfigKey<>(
        name, "a text or a mapping of keys to values", Shape.SECTION, Optional.of(keys),
        (node, key) -> {
          Optional<ConfigNode> section = node.sectionIfMapping(key);
          if (section.isPresent()) {
            return keys.check(section.get());
          }
          String text = node.optionalString(key, "a text or a mapping with " + textKey).orElseThrow();
          return new ConfigNode(node.file(), node.keyOf(key), Map.of(textKey, text));
        });
  }

  /** A list of mappings of the keys of {@code keys}, each checked when read. */
  static ConfigKey<List<ConfigNode>> sectionList(String name, ConfigSection keys, String expected) {
    return new ConfigKey<>(
        name, expected, Shape.SECTION_LIST, Optional.of(keys), (node, key) -> node.sectionList(key, expected).stream().map(keys::check).toList());
  }

  /**
   * A mapping of free names ({@code <label>}) to mappings of the keys of {@code keys}, each checked when read; {@code
   * entryExpected} is what a name must hold.
   */
  static ConfigKey<Map<String, ConfigNode>> namedSections(String name, String label, ConfigSection keys, String expected, String entryExpected) {
    ConfigKey<Map<String, ConfigNode>> key =
        new ConfigKey<>(
            name, expected, Shape.NAMED_SECTIONS, Optional.of(keys),
            (node, k) -> {
              ConfigNode names = node.optionalSection(k).orElseThrow();
              Map<String, ConfigNode> entries = new LinkedHashMap<>();
              for (String entry : names.keys()) {
                entries.put(entry, keys.check(names.requiredSection(entry, entryExpected)));
              }
              return entries;
            });
    key.label = label;
    return key;
  }

  /** A mapping of free names ({@code <label>}) to values that the section's own code reads and checks. */
  static ConfigKey<ConfigNode> namedValues(String name, String label) {
    ConfigKey<ConfigNode> key = new ConfigKey<>(name, "a mapping of keys to values", Shape.NAMED_VALUES, Optional.empty(), (node, k) -> node.optionalSection(k).orElseThrow());
    key.label = label;
    return key;
  }

  /**
   * A key that must not be there (a secret in the file): known, so its message is not "unknown key", and refused
   * wherever it appears, shown as {@code found} (never the value).
   */
  static ConfigKey<Void> refused(String name, String found, String expected) {
    ConfigKey<Void> key =
        new ConfigKey<>(
            name, expected, Shape.VALUE, Optional.empty(),
            (node, k) -> {
              throw Errors.invalidValue(node.keyOf(k), node.file(), found, expected);
            });
    key.refused = true;
    return key;
  }

  // ---- declaration

  /** The key must be there; when it is not, the error says it expects {@code missingExpected}. */
  ConfigKey<T> required(String missingExpected) {
    this.required = true;
    this.missing = missingExpected;
    return this;
  }

  /** The key must be there; when it is not, the error says what a value looks like. */
  ConfigKey<T> required() {
    return required(expected);
  }

  /** The value when the key is absent, written as in a pipeline file ({@code "30m"}, {@code List.of("a", "b")}). */
  ConfigKey<T> defaultsTo(Object writtenValue) {
    this.written = Optional.of(writtenValue);
    this.defaultValue = read(ConfigNode.root("(the default of " + name + ")", Map.of(name, writtenValue)));
    return this;
  }

  /** A value is also refused unless it passes {@code ok}; the error then says it expects {@code whatPasses}. */
  ConfigKey<T> check(Predicate<T> ok, String whatPasses) {
    checks.add(new Check<>(ok, whatPasses));
    return this;
  }

  /** Text that matches {@code regex} as a whole. */
  ConfigKey<T> matching(String regex, String whatMatches) {
    return check(value -> String.valueOf(value).matches(regex), whatMatches);
  }

  /** What the key means: its row in the key tables (Markdown). */
  ConfigKey<T> doc(String meaning) {
    this.description = meaning;
    return this;
  }

  /** The key tables' default column when the default depends on other keys and so cannot be {@link #defaultsTo written}. */
  ConfigKey<T> docDefault(String markdown) {
    this.documentedDefault = markdown;
    return this;
  }

  /** The key tables' required column when "yes" or "no" is not the whole story. */
  ConfigKey<T> docRequired(String markdown) {
    this.documentedRequired = markdown;
    return this;
  }

  /** The keys of this section are listed in the key table {@code table}; the table it is in shows one row for it. */
  ConfigKey<T> ownTable(String tableName) {
    this.table = tableName;
    return this;
  }

  // ---- reading

  /**
   * The value of the key in {@code node}: as written, else the default.
   *
   * @throws GlueEtlException CONFIG_MISSING_KEY for an absent required key, CONFIG_INVALID_VALUE for a value that cannot
   *     be used
   * @throws IllegalStateException for an optional key without a default (read it with {@link #optional})
   */
  public T read(ConfigNode node) {
    if (node.has(name)) {
      T value = reader.read(node, name);
      for (Check<T> check : checks) {
        if (!check.ok().test(value)) {
          throw invalid(node, value, check.expected());
        }
      }
      return value;
    }
    if (written.isPresent()) {
      return defaultValue;
    }
    if (required) {
      throw missing(node, missing);
    }
    throw new IllegalStateException("key " + name + " has no default: read it with optional()");
  }

  /** The value of the key in {@code node} when it is there. */
  public Optional<T> optional(ConfigNode node) {
    return node.has(name) ? Optional.of(read(node)) : Optional.empty();
  }

  /** The value as written in {@code node}, for messages of checks that involve other keys. */
  public Optional<String> writtenText(ConfigNode node) {
    return node.optionalString(name, expected);
  }

  /** Whether {@code node} sets the key (to anything but null). */
  public boolean isSet(ConfigNode node) {
    return node.has(name);
  }

  /** The value used when the key is absent. */
  public T defaultValue() {
    if (written.isEmpty()) {
      throw new IllegalStateException("key " + name + " has no default");
    }
    return defaultValue;
  }

  /** A CONFIG_INVALID_VALUE error on this key of {@code node}, for checks that involve other keys. */
  public GlueEtlException invalid(ConfigNode node, Object found, String whatIsExpected) {
    return Errors.invalidValue(node.keyOf(name), node.file(), found, whatIsExpected);
  }

  /** A CONFIG_MISSING_KEY error on this key of {@code node}, for keys required by other keys. */
  public GlueEtlException missing(ConfigNode node, String whatIsExpected) {
    return Errors.missingKey(node.keyOf(name), node.file(), whatIsExpected);
  }

  // ---- what the key tables show

  public String name() {
    return name;
  }

  /** The key as the key tables name it within its section: {@code metrics[]}, {@code jobs.<name>}, {@code type}. */
  String docName() {
    return switch (shape) {
      case SECTION_LIST -> name + "[]";
      case NAMED_SECTIONS, NAMED_VALUES -> name + "." + label;
      default -> name;
    };
  }

  Optional<ConfigSection> keys() {
    return keys;
  }

  boolean isRefused() {
    return refused;
  }

  String description() {
    return description;
  }

  String table() {
    return table;
  }

  /** The key tables' required column: "yes", "no" or what {@link #docRequired} says. */
  String requiredMarkdown() {
    return !documentedRequired.isEmpty() ? documentedRequired : required ? "yes" : "no";
  }

  /** The key tables' default column: the written default in code quotes, what {@link #docDefault} says, or nothing. */
  String defaultMarkdown() {
    return written.map(value -> "`" + yamlText(value) + "`").orElse(documentedDefault);
  }

  /** A value as YAML's flow style writes it: {@code 30m}, {@code [Regular, Large]}, {@code {}}. */
  static String yamlText(Object value) {
    if (value instanceof List<?> list) {
      return "[" + String.join(", ", list.stream().map(ConfigKey::yamlText).toList()) + "]";
    }
    if (value instanceof Map<?, ?> map) {
      List<String> entries = new ArrayList<>();
      map.forEach((k, v) -> entries.add(k + ": " + yamlText(v)));
      return "{" + String.join(", ", entries) + "}";
    }
    return String.valueOf(value);
  }
}

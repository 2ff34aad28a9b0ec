package dev.glueetl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;

/**
 * One table of a {@code records} pipeline ({@code source.tables[]}): files or a database table, declared column by
 * column, deduplicated by key into {@code <pipeline>_trusted.<name>}.
 *
 * @param name the trusted table ({@code <pipeline>_trusted.<name>}) and its quarantine ({@code <pipeline>_quarantine.<name>})
 * @param path landing files (a file, a directory or a glob), when the table comes from files
 * @param jdbc the database table, when it comes from a database
 * @param format json (JSON lines), csv or parquet (files only)
 * @param header whether CSV files start with a header line; without one, columns are named by {@code from: _c0, _c1, ...}
 * @param options passed to Spark's reader
 * @param unpivot a wide layout turned into long rows before the columns are typed, if any
 * @param columns the declared columns, in order
 * @param derived columns computed from the typed ones by Spark SQL expressions, in order
 * @param key the columns that identify a record
 * @param keep which record of a key wins: the latest by {@code orderBy}, the first seen, or the last delivered
 * @param orderBy the column that orders the versions of a key (latest only)
 * @param partition the date column the table is partitioned by (what the aggregate job tracks), if any
 * @param history MERGE: one row per key; SCD2: one row per version, with valid_from, valid_to and is_current
 */
public record RecordTableConfig(
    String name,
    Optional<String> path,
    Optional<JdbcSourceConfig> jdbc,
    SourceFormat format,
    boolean header,
    Map<String, String> options,
    Optional<Unpivot> unpivot,
    List<RecordColumn> columns,
    Map<String, String> derived,
    List<String> key,
    Keep keep,
    Optional<String> orderBy,
    Optional<String> partition,
    History history) {

  /** Which record of a key wins. */
  public enum Keep {
    /** The one with the greatest {@code order_by}; a later record replaces a stored one only when it is newer. */
    LATEST,
    /** The first one seen (earliest file, then position); a stored record is never replaced. */
    FIRST,
    /**
     * The last one delivered (latest file by modification time, then position): a file rewritten with revised history
     * replaces what it delivered before, and a record identical to the stored one changes nothing (no rewrite).
     */
    LAST
  }

  /** What the trusted table keeps of a key's versions. */
  public enum History {
    /** The winning version only: a newer one replaces it (Delta MERGE). */
    MERGE,
    /** Every version, each valid from its {@code order_by} to the next one's. */
    SCD2
  }

  /**
   * A wide layout (one column per date, per month, per measure) turned into long rows: every source column but
   * {@code keep} becomes a row with its header in {@code name} and its cell in {@code value}.
   */
  public record Unpivot(List<String> keep, String name, String value) {
    static final ConfigKey<List<String>> KEEP =
        ConfigKey.textList("keep", "the source columns that stay columns, e.g. [region, country]").required().doc("the source columns kept as they are; every other column becomes rows");
    static final ConfigKey<String> NAME = ConfigKey.text("name", "the column receiving the former headers").required().doc("the source column receiving the former column headers");
    static final ConfigKey<String> VALUE = ConfigKey.text("value", "the column receiving the cells").required().doc("the source column receiving their cells");
    static final ConfigSection KEYS = ConfigSection.of(KEEP, NAME, VALUE);

    static Unpivot parse(ConfigNode node) {
      return new Unpivot(KEEP.read(node), NAME.read(node), VALUE.read(node));
    }
  }

  static final ConfigKey<String> NAME =
      ConfigKey.text("name", "a table name: lower-case letters, digits and '_'")
          .required()
          .matching("[a-z][a-z0-9_]*", "lower-case letters, digits and '_'")
          .doc("the table: `<pipeline>_trusted.<name>`, its rejects in `<pipeline>_quarantine.<name>`");
  static final ConfigKey<String> PATH =
      ConfigKey.text("path", "the landing files: a file, directory or glob, local or s3a://")
          .docRequired("this or `jdbc`")
          .doc("landing files: a file, a directory or a glob, local or `s3a://`, relative to `source.path` when that is set; bookmarked like every landing input");
  static final ConfigKey<ConfigNode> JDBC =
      ConfigKey.section("jdbc", JdbcSourceConfig.KEYS).docRequired("this or `path`").doc("a database table read over JDBC (keys below)");
  static final ConfigKey<SourceFormat> FORMAT =
      ConfigKey.choice("format", SourceFormat.class, "json, csv or parquet").defaultsTo("csv").doc("files: `csv`, `json` (JSON lines) or `parquet`");
  static final ConfigKey<Boolean> HEADER =
      ConfigKey.flag("header").defaultsTo(true).doc("CSV: files start with a header line (each file's own; columns are matched by name, in any order)");
  static final ConfigKey<Map<String, String>> OPTIONS =
      ConfigKey.textMap("options").defaultsTo(Map.of()).doc("passed to Spark's reader (e.g. `sep: ';'`, `encoding: windows-1252`)");
  static final ConfigKey<ConfigNode> UNPIVOT = ConfigKey.section("unpivot", Unpivot.KEYS).doc("CSV: a wide layout (one column per date) turned into long rows before typing (keys below)");
  static final ConfigKey<List<ConfigNode>> COLUMNS =
      ConfigKey.sectionList("columns", RecordColumn.KEYS, "a list of columns, each with name, type and what a value must be")
          .required("the declared columns: a list of {name, type, ...}")
          .doc("the declared columns, in order (keys below); source columns not declared are never read");
  static final ConfigKey<Map<String, String>> DERIVED =
      ConfigKey.textMap("derived")
          .defaultsTo(Map.of())
          .doc("columns computed after typing, each a Spark SQL expression over earlier columns: `{screening_date: to_date(starts_at)}`");
  static final ConfigKey<List<String>> KEY =
      ConfigKey.textList("key", "the columns that identify a record, e.g. [customer_id]").required().doc("the columns that identify a record");
  static final ConfigKey<Keep> KEEP =
      ConfigKey.choice("keep", Keep.class, "latest, first or last")
          .defaultsTo("latest")
          .doc(
              "which record of a key wins: `latest` (greatest `order_by`), `first` (first seen: earliest file, then position) or `last` (last delivered:"
                  + " latest file, then position; for files rewritten with revised history)");
  static final ConfigKey<String> ORDER_BY =
      ConfigKey.text("order_by", "the column ordering a key's versions, e.g. updated_at").docRequired("with `keep: latest`").doc("the column that orders a key's versions");
  static final ConfigKey<String> PARTITION =
      ConfigKey.text("partition", "a date column").doc("a date column (declared or derived) the table is partitioned by: the aggregate job recomputes only the dates that changed");
  static final ConfigKey<History> HISTORY =
      ConfigKey.choice("history", History.class, "merge or scd2")
          .defaultsTo("merge")
          .doc("`merge`: one row per key, replaced by a newer version; `scd2`: every version, with `valid_from`, `valid_to`, `is_current`");

  static final ConfigSection KEYS =
      ConfigSection.of(NAME, PATH, JDBC, FORMAT, HEADER, OPTIONS, UNPIVOT, COLUMNS, DERIVED, KEY, KEEP, ORDER_BY, PARTITION, HISTORY);

  /** Every trusted column's name, declared then derived. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.stream().map(RecordColumn::name).toList());
    names.addAll(derived.keySet());
    return names;
  }

  public Optional<RecordColumn> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /** Where the records come from, for messages: the path or the database table. */
  public String origin() {
    return path.orElseGet(() -> jdbc.orElseThrow().displayUrl() + " table " + jdbc.orElseThrow().table());
  }

  public RecordTableConfig withJdbcUrl(String url) {
    return new RecordTableConfig(name, path, jdbc.map(j -> j.withUrl(url)), format, header, options, unpivot, columns, derived, key, keep, orderBy, partition, history);
  }

  static RecordTableConfig parse(ConfigNode node) {
    String name = NAME.read(node);
    Optional<String> path = PATH.optional(node);
    Optional<JdbcSourceConfig> jdbc = JDBC.optional(node).map(JdbcSourceConfig::parse);
    if (path.isPresent() == jdbc.isPresent()) {
      throw PATH.missing(node, "either path (landing files) or jdbc (a database table), not both");
    }
    if (jdbc.isPresent()) {
      for (ConfigKey<?> fileOnly : List.of(FORMAT, HEADER, OPTIONS, UNPIVOT)) {
        if (fileOnly.isSet(node)) {
          throw fileOnly.invalid(node, fileOnly.writtenText(node).orElse("(a mapping)"), "no " + fileOnly.name() + ": it applies to files (path), not to jdbc");
        }
      }
    }
    SourceFormat format = FORMAT.read(node);
    if (HEADER.isSet(node) && format != SourceFormat.CSV) {
      throw HEADER.invalid(node, HEADER.writtenText(node).orElseThrow(), "no header setting: it applies to format csv only");
    }
    List<RecordColumn> columns = new ArrayList<>();
    for (ConfigNode column : COLUMNS.read(node)) {
      RecordColumn parsed = RecordColumn.parse(column);
      if (columns.stream().anyMatch(c -> c.name().equals(parsed.name()))) {
        throw RecordColumn.NAME.invalid(column, parsed.name(), "a name not used by another column of " + name);
      }
      columns.add(parsed);
    }
    if (columns.isEmpty()) {
      throw COLUMNS.missing(node, "at least one declared column");
    }
    Map<String, String> derived = DERIVED.read(node);
    List<String> known = new ArrayList<>(columns.stream().map(RecordColumn::name).toList());
    for (String column : derived.keySet()) {
      if (!column.matches("[a-z_][a-z0-9_]*") || known.contains(column)) {
        throw DERIVED.invalid(node, column, "a new column name: lower-case letters, digits and '_', not a declared column");
      }
      known.add(column);
    }
    List<String> key = KEY.read(node);
    for (String column : key) {
      if (!known.contains(column)) {
        throw KEY.invalid(node, column, "declared or derived columns " + known);
      }
    }
    Keep keep = KEEP.read(node);
    Optional<String> orderBy = ORDER_BY.optional(node);
    if (keep == Keep.LATEST && orderBy.isEmpty()) {
      throw ORDER_BY.missing(node, "the column ordering a key's versions (keep: latest), e.g. updated_at; or keep: first");
    }
    if (keep != Keep.LATEST && orderBy.isPresent()) {
      throw ORDER_BY.invalid(node, orderBy.get(), "no order_by with keep: " + keep.name().toLowerCase(java.util.Locale.ROOT) + " (the order of delivery decides)");
    }
    if (orderBy.isPresent() && !known.contains(orderBy.get())) {
      throw ORDER_BY.invalid(node, orderBy.get(), "declared or derived columns " + known);
    }
    Optional<String> partition = PARTITION.optional(node);
    if (partition.isPresent()) {
      Optional<RecordColumn> declared = columns.stream().filter(c -> c.name().equals(partition.get())).findFirst();
      if (!known.contains(partition.get()) || declared.map(c -> c.type() != DataTypes.DateType).orElse(false)) {
        throw PARTITION.invalid(node, partition.get(), "a date column: declared with type date, or derived");
      }
    }
    History history = HISTORY.read(node);
    if (history == History.SCD2 && keep != Keep.LATEST) {
      throw HISTORY.invalid(node, "scd2", "merge with keep: first (scd2 orders versions by order_by, so it needs keep: latest)");
    }
    if (history == History.SCD2 && columns.stream().noneMatch(c -> c.name().equals(orderBy.get()) && (c.type() == DataTypes.TimestampType || c.type() == DataTypes.DateType))) {
      throw ORDER_BY.invalid(node, orderBy.get(), "a declared timestamp or date column with history: scd2 (each version is valid from it)");
    }
    if (history == History.SCD2) {
      for (String reserved : List.of("valid_from", "valid_to", "is_current")) {
        if (known.contains(reserved)) {
          throw HISTORY.invalid(node, "scd2", "a table without a column named " + reserved + " (scd2 adds it)");
        }
      }
    }
    jdbc.ifPresent(
        j -> {
          for (Optional<String> column : List.of(j.incrementalColumn(), j.splitColumn())) {
            if (column.isPresent() && columns.stream().noneMatch(c -> c.name().equals(column.get()))) {
              throw JDBC.invalid(node, column.get(), "incremental_column and split_column among the declared columns " + columns.stream().map(RecordColumn::name).toList());
            }
          }
          j.splitColumn()
              .flatMap(s -> columns.stream().filter(c -> c.name().equals(s)).findFirst())
              .filter(c -> !(c.type() == DataTypes.IntegerType || c.type() == DataTypes.LongType))
              .ifPresent(c -> {
                throw JDBC.invalid(node, c.name(), "a split_column of type int or long");
              });
        });
    Optional<Unpivot> unpivot = UNPIVOT.optional(node).map(Unpivot::parse);
    if (unpivot.isPresent() && format != SourceFormat.CSV) {
      throw UNPIVOT.invalid(node, "(a mapping)", "no unpivot with format " + format.yamlName() + ": wide layouts are read from CSV files");
    }
    return new RecordTableConfig(
        name, path, jdbc, format, HEADER.read(node), OPTIONS.read(node), unpivot, List.copyOf(columns), derived, key, keep, orderBy, partition, history);
  }
}

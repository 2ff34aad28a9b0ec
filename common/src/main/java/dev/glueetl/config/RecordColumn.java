package dev.glueetl.config;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One declared column of a {@code records} table: where it comes from, its type and what a value must be. A value that
 * is not so sends its record to quarantine with the first reason found, column by column in the declared order:
 * {@code NULL_IN_REQUIRED}, {@code TYPE_MISMATCH}, {@code VALUE_NOT_ALLOWED}, {@code OUT_OF_RANGE}.
 *
 * @param name the trusted column
 * @param from the source column (a CSV header, a JSON key, a Parquet or database column); {@code name} unless renamed
 * @param type string, int, long, double, decimal(p,s), boolean, date or timestamp
 * @param nullable whether an empty value is allowed (key columns never are)
 * @param formats for date and timestamp columns: the formats tried in order
 * @param values the allowed values, as written (empty: any)
 * @param min the smallest allowed value (numbers, dates, timestamps), as written
 * @param max the largest allowed value, as written
 */
public record RecordColumn(
    String name, String from, DataType type, boolean nullable, List<TimeFormat> formats, List<String> values, Optional<String> min, Optional<String> max) {

  static final String TYPES = "string, int, long, double, decimal(p,s), boolean, date or timestamp";
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d{1,2}),\\s*(\\d{1,2})\\)");

  static final ConfigKey<String> NAME =
      ConfigKey.text("name", "a column name: lower-case letters, digits and '_'")
          .required()
          .matching("[a-z_][a-z0-9_]*", "lower-case letters, digits and '_'")
          .doc("the trusted column: lower-case letters, digits, `_`");
  static final ConfigKey<String> FROM =
      ConfigKey.text("from", "the source column name").docDefault("`name`").doc("the source column, when it is named otherwise (a rename): CSV header, JSON key, Parquet or database column");
  static final ConfigKey<DataType> TYPE =
      ConfigKey.parsed("type", TYPES, RecordColumn::dataType).defaultsTo("string").doc("`string`, `int`, `long`, `double`, `decimal(p,s)`, `boolean`, `date`, `timestamp`");
  static final ConfigKey<Boolean> NULLABLE =
      ConfigKey.flag("nullable").defaultsTo(true).doc("`false`: an empty value quarantines the record (`NULL_IN_REQUIRED`); key columns are never nullable");
  static final ConfigKey<List<TimeFormat>> FORMAT =
      ConfigKey.parsedList("format", TimeFormat.EXPECTED, TimeFormat::parse)
          .docDefault("`iso8601`")
          .doc("date and timestamp columns: `iso8601`, `epoch_millis`, `epoch_seconds` or a `java.time` pattern (`dd/MM/yyyy`), or a list tried in order");
  static final ConfigKey<List<String>> VALUES =
      ConfigKey.textList("values", "the allowed values, e.g. [silver, gold]").doc("the allowed values (after typing); others quarantine the record (`VALUE_NOT_ALLOWED`)");
  static final ConfigKey<String> MIN =
      ConfigKey.text("min", "the smallest allowed value, e.g. 0 or 2020-01-01").doc("smallest allowed value, inclusive (numbers, dates, timestamps): `OUT_OF_RANGE` below");
  static final ConfigKey<String> MAX = ConfigKey.text("max", "the largest allowed value").doc("largest allowed value, inclusive: `OUT_OF_RANGE` above");

  static final ConfigSection KEYS = ConfigSection.of(NAME, FROM, TYPE, NULLABLE, FORMAT, VALUES, MIN, MAX);

  /** Whether values of this column are compared by range (numbers, dates, timestamps). */
  public boolean ordered() {
    return type instanceof org.apache.spark.sql.types.NumericType || type == DataTypes.DateType || type == DataTypes.TimestampType;
  }

  static RecordColumn parse(ConfigNode node) {
    String name = NAME.read(node);
    DataType type = TYPE.read(node);
    boolean time = type == DataTypes.DateType || type == DataTypes.TimestampType;
    if (FORMAT.isSet(node) && !time) {
      throw FORMAT.invalid(node, FORMAT.writtenText(node).orElse("(a list)"), "no format: it applies to date and timestamp columns");
    }
    List<TimeFormat> formats = FORMAT.optional(node).orElse(List.of(TimeFormat.parse("iso8601").orElseThrow()));
    RecordColumn column =
        new RecordColumn(
            name, FROM.optional(node).orElse(name), type, NULLABLE.read(node), formats, VALUES.optional(node).orElse(List.of()), MIN.optional(node), MAX.optional(node));
    for (ConfigKey<String> bound : List.of(MIN, MAX)) {
      Optional<String> value = bound.optional(node);
      if (value.isPresent()) {
        if (!column.ordered()) {
          throw bound.invalid(node, value.get(), "no " + bound.name() + ": it applies to number, date and timestamp columns");
        }
        if (!literalOf(type, value.get())) {
          throw bound.invalid(node, value.get(), "a " + type.simpleString() + " value (dates as 2024-01-31, timestamps as 2024-01-31T10:00:00)");
        }
      }
    }
    for (String value : column.values) {
      if (!literalOf(type, value)) {
        throw VALUES.invalid(node, value, "values of the column's type " + type.simpleString());
      }
    }
    return column;
  }

  /** A column type as written: {@code long}, {@code decimal(10,2)}. */
  static Optional<DataType> dataType(String text) {
    String type = text.trim().toLowerCase(Locale.ROOT);
    Matcher decimal = DECIMAL.matcher(type);
    if (decimal.matches()) {
      int precision = Integer.parseInt(decimal.group(1));
      int scale = Integer.parseInt(decimal.group(2));
      return precision >= 1 && precision <= 38 && scale <= precision ? Optional.of(DataTypes.createDecimalType(precision, scale)) : Optional.empty();
    }
    return Optional.ofNullable(
        switch (type) {
          case "string" -> DataTypes.StringType;
          case "int", "integer" -> DataTypes.IntegerType;
          case "long", "bigint" -> DataTypes.LongType;
          case "double" -> DataTypes.DoubleType;
          case "boolean" -> DataTypes.BooleanType;
          case "date" -> DataTypes.DateType;
          case "timestamp" -> DataTypes.TimestampType;
          default -> null;
        });
  }

  /** Whether {@code text} is a literal of {@code type}, so a bound or allowed value cannot fail at run time. */
  private static boolean literalOf(DataType type, String text) {
    try {
      if (type instanceof org.apache.spark.sql.types.NumericType) {
        new BigDecimal(text);
      } else if (type == DataTypes.DateType) {
        LocalDate.parse(text);
      } else if (type == DataTypes.TimestampType) {
        java.time.LocalDateTime.parse(text.replace(' ', 'T'));
      } else if (type == DataTypes.BooleanType) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
      }
      return true;
    } catch (NumberFormatException | DateTimeParseException e) {
      return false;
    }
  }
}

package dev.glueetl.records;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.RecordColumn;
import dev.glueetl.config.RecordTableConfig;
import dev.glueetl.conform.TimeParsing;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Types the records of a {@code records} table and says, for each, why it cannot be trusted (or NULL when it can):
 * Spark SQL functions only, one pass, no UDF.
 *
 * <pre>
 * raw (text)                                  typed, reason
 * ticket_id=T1  price="12.50"  type=adult     T1, 12.50, adult, NULL
 * ticket_id=T2  price="12,50"  type=adult     T2, NULL,  adult, TYPE_MISMATCH (column price)
 * ticket_id=""  price="9.00"   type=adult     NULL, ...,        NULL_IN_REQUIRED (column ticket_id)
 * ticket_id=T3  price="9.00"   type=Adult     T3, 9.00, Adult,  VALUE_NOT_ALLOWED (column ticket_type)
 * </pre>
 *
 * Text is trimmed and empty text is NULL. Columns are checked in declared order and the first failure is the reason;
 * a malformed record (wrong number of cells, broken JSON) fails before any column. Key, partition and {@code order_by}
 * columns are required whatever {@code nullable} says.
 */
public final class ConformRecords {
  /** Why a record is quarantined. */
  public enum Reason {
    /** A CSV line with more or fewer cells than its header, or a JSON line that does not parse. */
    MALFORMED_RECORD,
    /** No value in a column declared {@code nullable: false}, in a key column, or in the partition column. */
    NULL_IN_REQUIRED,
    /** A value that does not parse as the column's type (or with none of its formats). */
    TYPE_MISMATCH,
    /** A value not among the column's {@code values}. */
    VALUE_NOT_ALLOWED,
    /** A value outside the column's {@code min}..{@code max}. */
    OUT_OF_RANGE,
    /** Two versions of a key with the same {@code order_by} and different content: which one is right is unknown. */
    DUPLICATE_KEY_CONFLICT
  }

  /**
   * Which checks a pass makes: all of them (landing → trusted), only parsing (landing → raw: typed copies), or all but
   * parsing over columns a raw zone already typed (raw → trusted).
   */
  public enum Checks {
    ALL,
    PARSE,
    VALIDATE;

    boolean makes(Reason reason) {
      boolean parsing = reason == Reason.MALFORMED_RECORD || reason == Reason.TYPE_MISMATCH;
      return this == ALL || (this == PARSE) == parsing;
    }
  }

  /** The reasons a pass with {@code checks} can give, for the quarantine rows that pass replaces. */
  public static List<String> reasons(Checks checks) {
    List<String> reasons = new ArrayList<>();
    for (Reason reason : Reason.values()) {
      if (checks.makes(reason)) {
        reasons.add(reason.name());
      }
    }
    return reasons;
  }

  /** The raw text of a declared column, as {@link RecordLanding} names it. */
  static String raw(String column) {
    return "_raw_" + column;
  }

  private static final String INTEGER = "^[+-]?[0-9]+$";
  private static final String DOUBLE = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$";
  private static final List<String> TRUE_WORDS = List.of("true", "t", "yes", "y", "1");
  private static final List<String> FALSE_WORDS = List.of("false", "f", "no", "n", "0");

  private ConformRecords() {}

  /**
   * Typed columns, derived columns and {@code reason}, {@code column}, {@code detail} (NULL for a good record) from
   * raw records ({@code _raw_<column>} text, {@code _malformed}); other columns pass through.
   */
  public static Dataset<Row> conform(RecordTableConfig table, Dataset<Row> raw) {
    return conform(table, raw, Checks.ALL);
  }

  /**
   * {@link #conform(RecordTableConfig, Dataset)} making only {@code checks}: PARSE types the text and adds no derived
   * column; VALIDATE takes typed declared columns (a raw table's rows, whose text they stand for) and adds the derived
   * ones.
   */
  public static Dataset<Row> conform(RecordTableConfig table, Dataset<Row> raw, Checks pass) {
    Dataset<Row> typed = raw;
    if (pass == Checks.VALIDATE) { // a raw row's value is NULL exactly where its text was: the checks read it as text
      for (RecordColumn column : table.columns()) {
        typed = typed.withColumn(raw(column.name()), col(column.name()).cast(DataTypes.StringType));
      }
    } else {
      for (RecordColumn column : table.columns()) {
        Column text = trim(col(raw(column.name())));
        typed = typed.withColumn(raw(column.name()), when(text.notEqual(lit("")), text));
      }
      for (RecordColumn column : table.columns()) {
        typed = typed.withColumn(column.name(), typed(column, col(raw(column.name()))));
      }
    }
    if (pass != Checks.PARSE) {
      for (Map.Entry<String, String> derived : table.derived().entrySet()) {
        typed = typed.withColumn(derived.getKey(), expr(derived.getValue()));
      }
    }
    Column reason = lit(null).cast(DataTypes.StringType);
    Column column = lit(null).cast(DataTypes.StringType);
    Column detail = lit(null).cast(DataTypes.StringType);
    // built from the last check to the first, so the first failing check is outermost and wins
    List<Check> checks = checks(table).stream().filter(c -> pass.makes(c.reason())).toList();
    for (int i = checks.size() - 1; i >= 0; i--) {
      Check check = checks.get(i);
      reason = when(check.fails(), lit(check.reason().name())).otherwise(reason);
      column = when(check.fails(), lit(check.column())).otherwise(column);
      detail = when(check.fails(), check.detail()).otherwise(detail);
    }
    return typed.withColumn("reason", reason).withColumn("column", column).withColumn("detail", detail);
  }

  /** The trusted type of a column's text; NULL when the text is NULL or does not parse. */
  static Column typed(RecordColumn column, Column text) {
    DataType type = column.type();
    if (type == DataTypes.StringType) {
      return text;
    }
    if (type == DataTypes.IntegerType || type == DataTypes.LongType) {
      return when(text.rlike(INTEGER), text.cast(type));
    }
    if (type == DataTypes.DoubleType) {
      return when(text.rlike(DOUBLE), text.cast(type));
    }
    if (type instanceof DecimalType decimal) {
      // no more decimals than the scale: 12.505 in decimal(6,2) is refused, not rounded
      String pattern = decimal.scale() == 0 ? INTEGER : "^[+-]?([0-9]+([.][0-9]{0," + decimal.scale() + "})?|[.][0-9]{1," + decimal.scale() + "})$";
      return when(text.rlike(pattern), text.cast(type));
    }
    if (type == DataTypes.BooleanType) {
      Column word = lower(text);
      return when(word.isin(TRUE_WORDS.toArray()), lit(true)).when(word.isin(FALSE_WORDS.toArray()), lit(false));
    }
    Column instant = TimeParsing.parse(text, column.formats(), ZoneOffset.UTC);
    return type == DataTypes.DateType ? to_date(instant) : instant;
  }

  /** One condition that quarantines a record, in the order they are tried. */
  private record Check(Reason reason, String column, Column fails, Column detail) {}

  private static List<Check> checks(RecordTableConfig table) {
    List<Check> checks = new ArrayList<>();
    checks.add(new Check(Reason.MALFORMED_RECORD, null, col("_malformed"), col("_malformed_detail")));
    for (RecordColumn column : table.columns()) {
      Column text = col(raw(column.name()));
      Column value = col(column.name());
      boolean required =
          !column.nullable() || table.key().contains(column.name()) || table.partition().map(column.name()::equals).orElse(false)
              || table.orderBy().map(column.name()::equals).orElse(false);
      if (required) {
        checks.add(new Check(Reason.NULL_IN_REQUIRED, column.name(), text.isNull(), lit("no value")));
      }
      checks.add(new Check(Reason.TYPE_MISMATCH, column.name(), text.isNotNull().and(value.isNull()), concat(lit("not a value of type " + describe(column) + ": "), text)));
      if (!column.values().isEmpty()) {
        Object[] allowed = column.values().stream().map(v -> (Object) lit(v).cast(column.type())).toArray();
        checks.add(
            new Check(
                Reason.VALUE_NOT_ALLOWED, column.name(), value.isNotNull().and(value.isin(allowed).equalTo(false)),
                concat(lit("not one of " + column.values() + ": "), text)));
      }
      if (column.min().isPresent() || column.max().isPresent()) {
        Column outside = lit(false);
        if (column.min().isPresent()) {
          outside = outside.or(value.lt(lit(column.min().get()).cast(column.type())));
        }
        if (column.max().isPresent()) {
          outside = outside.or(value.gt(lit(column.max().get()).cast(column.type())));
        }
        String range = column.min().orElse("") + ".." + column.max().orElse("");
        checks.add(new Check(Reason.OUT_OF_RANGE, column.name(), value.isNotNull().and(outside), concat(lit("outside " + range + ": "), text)));
      }
    }
    for (String derived : table.derived().keySet()) {
      if (table.key().contains(derived) || table.partition().map(derived::equals).orElse(false) || table.orderBy().map(derived::equals).orElse(false)) {
        checks.add(new Check(Reason.NULL_IN_REQUIRED, derived, col(derived).isNull(), lit("derived value is NULL: " + table.derived().get(derived))));
      }
    }
    return checks;
  }

  private static String describe(RecordColumn column) {
    String type = column.type().simpleString();
    boolean time = column.type() == DataTypes.DateType || column.type() == DataTypes.TimestampType;
    return time ? type + " in " + column.formats() : type;
  }
}

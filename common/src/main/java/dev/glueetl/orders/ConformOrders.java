package dev.glueetl.orders;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.reverse;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.glueetl.config.Durations;
import dev.glueetl.config.OrdersConfig;
import dev.glueetl.config.SourceConfig;
import dev.glueetl.config.ValidationConfig;
import dev.glueetl.conform.TimeParsing;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;

/**
 * Conforms the lines of point-of-sale files ({@link OrderLanding}) into orders, and decides for each data line whether
 * it can be trusted. Adds the columns of {@link OrderSchemas#ORDERS}, {@code items} (parsed basket), {@code reason}
 * (NULL for a good order), {@code detail}, and {@code raw_record}: the line re-written as CSV with the customer's name
 * and card number replaced by {@code ***}.
 *
 * <pre>
 * line                                                                     reason          detail
 * 25/08/2021 09:00,Chesterfield,A. Name,"Regular Latte - 2.15",2.15,CARD,1 NULL
 * 31/02/2021 09:50,Leeds,...                                               UNPARSEABLE_TIME '31/02/2021 09:50' matches none of ...
 * 25/08/2021 09:20,,...                                                    MISSING_STORE   no store
 * ...,"",0.00,CASH,                                                        EMPTY_BASKET    no items in the basket
 * ...,"Regular Latte 2.15",2.15,...                                        BAD_ITEM        item 1 'Regular Latte 2.15' is not '<product> - <price>'
 * ...,"Regular Latte - 2.1O",2.10,...                                      BAD_PRICE       item 1 'Regular Latte - 2.1O': '2.1O' is not a price
 * ...,"Regular Latte - 2.15",two pounds,...                                BAD_TOTAL       'two pounds' is not an amount
 * ...,"Regular Americano - 1.95, Regular Cortado - 2.05",4.10,...          TOTAL_MISMATCH  total 4.10 but the items add up to 4.00
 * </pre>
 *
 * {@code order_id} is the MD5 of file name and line number: stable across reruns of the same file.
 */
public final class ConformOrders {
  /** Why an order went to quarantine, in the order the checks apply. */
  public enum Reason {
    BAD_LAYOUT,
    UNPARSEABLE_TIME,
    TIME_OUT_OF_RANGE,
    MISSING_STORE,
    EMPTY_BASKET,
    BAD_ITEM,
    BAD_PRICE,
    BAD_TOTAL,
    AMOUNT_OUT_OF_RANGE,
    TOTAL_MISMATCH
  }

  static final String AMOUNT = "^[£$€]?[0-9]+(\\.[0-9]+)?$";
  /** Wide enough for any amount text worth reading; what does not fit {@link OrderSchemas#MONEY} is quarantined. */
  private static final DecimalType EXACT = new DecimalType(38, 4);
  /** The least amount that does not fit decimal(10,2). */
  static final BigDecimal MONEY_LIMIT = new BigDecimal("100000000");
  /** A payment card number: 13 to 19 digits, optionally grouped by spaces or dashes. */
  private static final String CARD_NUMBER = "(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])";
  /**
   * What a redacted record hides besides letters: 6 or more digits in a row (a decimal point allowed, so E-notation
   * mantissas go too), or 12 or more grouped by spaces or dashes (card numbers as printed). Dates and times stay.
   */
  private static final String LONG_DIGIT_RUN = "\\p{Nd}(?:[.]?\\p{Nd}){5,}|\\p{Nd}(?:[ -]?\\p{Nd}){11,}";
  public static final String MASK = "***";

  private ConformOrders() {}

  public static Dataset<Row> conform(
      SourceConfig source, OrdersConfig orders, ValidationConfig validation, CustomerKeys.Key key, String runId, Instant runStartedAt, Dataset<Row> lines) {
    Column timeText = OrderLanding.field("order_time");
    Column orderTime = TimeParsing.parse(timeText, source.timeFormats(), source.timezone());
    Column totalText = OrderLanding.field("total");
    Column total = when(totalText.rlike(AMOUNT), regexp_replace(totalText, "^[£$€]", "").cast(EXACT));
    Layout layout = Layout.of(source);

    Dataset<Row> parsed =
        lines
            .withColumn("_time_text", timeText)
            .withColumn("order_time", orderTime)
            .withColumn("store", OrderLanding.field("store"))
            .withColumn("payment_method", upper(OrderLanding.field("payment_method")))
            .withColumn("customer_key", CustomerKeys.customerKey(key, OrderLanding.field("customer_name")))
            .withColumn("_total_text", totalText)
            // an empty total is no amount: false, never NULL, or the order would pass every check with no total
            .withColumn("_total_valid", coalesce(totalText.rlike(AMOUNT), lit(false)))
            .withColumn("_total", total)
            .withColumn("_layout_problem", layout.problem())
            .withColumn("items", Baskets.parse(orders.sizes(), OrderLanding.field("basket")));

    Column items = col("items");
    Column badItem = element_at(filter(items, it -> it.getField("name").isNull()), 1);
    Column badPrice = element_at(filter(items, it -> it.getField("name").isNotNull().and(it.getField("price_valid").equalTo(false))), 1);
    Column priceOutOfRange =
        element_at(filter(items, it -> it.getField("price_valid").and(it.getField("price").isNull().or(it.getField("price").geq(lit(MONEY_LIMIT))))), 1);
    Column totalOutOfRange = col("_total_valid").and(col("_total").isNull().or(col("_total").geq(lit(MONEY_LIMIT))));
    Column itemSum = aggregate(items, lit(0).cast(EXACT), (sum, it) -> sum.plus(coalesce(it.getField("price"), lit(0))).cast(EXACT));
    Timestamp earliest = Timestamp.from(validation.minTime());
    Timestamp latest = Timestamp.from(runStartedAt.plus(validation.maxAhead()));
    Column time = col("order_time");
    Column mismatch = abs(col("_total").minus(itemSum)).gt(lit(orders.totalTolerance()));
    String formats = source.timeFormats().stream().map(Object::toString).collect(Collectors.joining(", "));

    Column reason =
        when(col("kind").notEqual(OrderLanding.DATA), lit(null).cast(StringType))
            .when(col("_layout_problem").isNotNull(), lit(Reason.BAD_LAYOUT.name()))
            .when(time.isNull(), lit(Reason.UNPARSEABLE_TIME.name()))
            .when(time.lt(lit(earliest)).or(time.gt(lit(latest))), lit(Reason.TIME_OUT_OF_RANGE.name()))
            .when(col("store").isNull(), lit(Reason.MISSING_STORE.name()))
            .when(size(items).equalTo(0), lit(Reason.EMPTY_BASKET.name()))
            .when(badItem.isNotNull(), lit(Reason.BAD_ITEM.name()))
            .when(badPrice.isNotNull(), lit(Reason.BAD_PRICE.name()))
            .when(col("_total_valid").equalTo(false), lit(Reason.BAD_TOTAL.name()))
            .when(priceOutOfRange.isNotNull().or(totalOutOfRange), lit(Reason.AMOUNT_OUT_OF_RANGE.name()))
            .when(mismatch, lit(Reason.TOTAL_MISMATCH.name()));
    Column detail =
        when(col("kind").notEqual(OrderLanding.DATA), lit(null).cast(StringType))
            .when(col("_layout_problem").isNotNull(), col("_layout_problem"))
            .when(time.isNull().and(col("_time_text").isNull()), lit("no order time"))
            .when(time.isNull(), concat(lit("'"), col("_time_text"), lit("' matches none of " + formats)))
            .when(time.lt(lit(earliest)), concat(time.cast(StringType), lit(" is before " + validation.minTime() + " (validation.min_time)")))
            .when(
                time.gt(lit(latest)),
                concat(time.cast(StringType), lit(" is more than " + Durations.format(validation.maxAhead()) + " after the run started (validation.max_ahead)")))
            .when(col("store").isNull(), lit("no store"))
            .when(size(items).equalTo(0), lit("no items in the basket"))
            .when(
                badItem.isNotNull(),
                concat(lit("item "), badItem.getField("pos").cast(StringType), lit(" '"), badItem.getField("text"), lit("' is not '<product> - <price>'")))
            .when(
                badPrice.isNotNull(),
                concat(
                    lit("item "), badPrice.getField("pos").cast(StringType), lit(" '"), badPrice.getField("text"), lit("': '"),
                    badPrice.getField("price_text"), lit("' is not a price")))
            .when(col("_total_text").isNull(), lit("no total"))
            .when(col("_total_valid").equalTo(false), concat(lit("'"), col("_total_text"), lit("' is not an amount")))
            .when(
                priceOutOfRange.isNotNull(),
                concat(lit("item "), priceOutOfRange.getField("pos").cast(StringType), lit(" price " + TOO_LARGE)))
            .when(totalOutOfRange, lit("total " + TOO_LARGE))
            .when(
                mismatch,
                concat(lit("total "), col("_total").cast(OrderSchemas.MONEY).cast(StringType), lit(" but the items add up to "), itemSum.cast(OrderSchemas.MONEY).cast(StringType)));

    return parsed
        .withColumn("reason", reason)
        .withColumn("detail", concat_ws("; ", detail, when(col("reason").isNotNull(), layout.redaction())))
        .withColumn("detail", when(col("detail").notEqual(lit("")), col("detail")))
        .withColumn("raw_record", when(layout.redaction().isNull(), maskedLine()).otherwise(redacted(col("line"))))
        .withColumn("order_id", md5(concat_ws("|", col("source_file"), col("source_row").cast(StringType))))
        .withColumn("order_date", to_date(time))
        .withColumn("order_hour", hour(time))
        .withColumn("total", col("_total").cast(OrderSchemas.MONEY))
        .withColumn("item_count", size(items))
        .withColumn("run_id", lit(runId))
        .withColumn("ingested_at", lit(Timestamp.from(runStartedAt)))
        .drop("_time_text", "_total_text", "_total_valid", "_total", "_layout_problem");
  }

  private static final String TOO_LARGE = "does not fit decimal(10,2): 100000000.00 or more";

  /**
   * Whether a line can be read at the positions its file's layout gives, and so whether its personal cells are where
   * the mapping says. A line whose layout is in doubt is quarantined as BAD_LAYOUT, and any quarantined line whose
   * personal cells could not be located keeps only a {@link #redacted} form: the check fails closed.
   */
  private record Layout(SourceConfig source) {
    static Layout of(SourceConfig source) {
      return new Layout(source);
    }

    /** Why the line does not fit its file's layout, without quoting any cell; NULL when it fits. */
    Column problem() {
      Column width = col("layout_width");
      Column cells = col("cell_count");
      Column extent = lit(0);
      for (String field : source.type().requiredFields()) {
        extent = greatest(extent, col("pos_" + field));
      }
      Column separatorHint =
          when(cells.equalTo(1).and(col("line").contains(";")), lit(" (separated by ';'? set source.options.sep)"))
              .when(cells.equalTo(1).and(col("line").contains("\t")), lit(" (separated by tabs? set source.options.sep)"))
              .otherwise(lit(""));
      Column cardElsewhere = lit(null).cast(StringType);
      List<String> fields = new ArrayList<>(source.type().requiredFields());
      fields.addAll(source.type().optionalFields());
      fields.removeAll(source.type().personalFields());
      for (int i = fields.size() - 1; i >= 0; i--) {
        cardElsewhere = when(OrderLanding.field(fields.get(i)).rlike(CARD_NUMBER), lit(fields.get(i))).otherwise(cardElsewhere);
      }
      return when(width.gt(0).and(cells.gt(width)), concat(lit("the line has "), cells.cast(StringType), lit(" cells where its file has "), width.cast(StringType), lit(" (an unquoted separator in a cell?)")))
          .when(cells.lt(extent), concat(lit("the line has "), cells.cast(StringType), lit(" cells, too few for the mapped columns (up to column "), extent.cast(StringType), lit(")"), separatorHint))
          .when(OrderLanding.withoutQuotedCells(col("line"), source.csvSeparator()).contains("\""), lit("a quote inside an unquoted cell: the cells cannot be told apart"))
          .when(lastFilledCell().gt(cells), lit("the CSV parser finds more cells than the line's separators give: the cells cannot be told apart"))
          .when(cardElsewhere.isNotNull(), concat(lit("a card number in column "), cardElsewhere, lit(": the cells are shifted")));
    }

    /** Why the record is kept redacted, or NULL when its personal cells were located and masked. */
    Column redaction() {
      Column unlocated = concat_ws(", ", source.personalFields().stream().map(f -> when(col("pos_" + f).equalTo(0), lit(f))).toArray(Column[]::new));
      return when(col("_layout_problem").isNotNull(), lit("raw_record redacted: the cells may hold personal data out of place"))
          .when(unlocated.notEqual(lit("")), concat(lit("raw_record redacted: the file has no column for "), unlocated));
    }
  }

  /** The position of the last non-empty parsed cell (0 when none). */
  static Column lastFilledCell() {
    Column lastFilled = array_position(reverse(transform(col("cells"), c -> c.isNotNull())), true);
    return when(lastFilled.equalTo(0), lit(0)).otherwise(size(col("cells")).minus(lastFilled).plus(1));
  }

  /**
   * A line with every letter replaced by {@code x} and every long run of digits (card numbers, also grouped or in
   * E-notation) by {@code ######}, so its shape (separators, quotes, dates, prices) can still be seen without personal
   * data.
   */
  static Column redacted(Column line) {
    return regexp_replace(regexp_replace(line, LONG_DIGIT_RUN, "######"), "\\p{L}", "x");
  }

  /**
   * The line as CSV again, its cells up to the last non-empty one, with the name and card number cells masked, so a
   * quarantined row can be inspected without exposing personal data.
   */
  static Column maskedLine() {
    Column cells = col("cells");
    Column count = lastFilledCell();
    Column personal = col("pos_customer_name");
    Column card = col("pos_card_number");
    Column masked =
        transform(
            slice(cells, lit(1), count),
            (cell, index) ->
                when(cell.isNull(), lit(""))
                    .when(index.plus(1).equalTo(personal).or(index.plus(1).equalTo(card)), lit(MASK))
                    .when(cell.rlike("[\",\\r\\n]"), concat(lit("\""), regexp_replace(cell, "\"", "\"\""), lit("\"")))
                    .otherwise(cell));
    return array_join(masked, ",");
  }
}

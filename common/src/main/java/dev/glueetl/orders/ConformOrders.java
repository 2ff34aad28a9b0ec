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
import java.sql.Timestamp;
import java.time.Instant;
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
    UNPARSEABLE_TIME,
    TIME_OUT_OF_RANGE,
    MISSING_STORE,
    EMPTY_BASKET,
    BAD_ITEM,
    BAD_PRICE,
    BAD_TOTAL,
    TOTAL_MISMATCH
  }

  static final String AMOUNT = "^[£$€]?[0-9]+(\\.[0-9]+)?$";
  private static final DecimalType EXACT = new DecimalType(14, 4);
  public static final String MASK = "***";

  private ConformOrders() {}

  public static Dataset<Row> conform(
      SourceConfig source, OrdersConfig orders, ValidationConfig validation, CustomerKeys.Key key, String runId, Instant runStartedAt, Dataset<Row> lines) {
    Column timeText = OrderLanding.field("order_time");
    Column orderTime = TimeParsing.parse(timeText, source.timeFormats(), source.timezone());
    Column totalText = OrderLanding.field("total");
    Column total = when(totalText.rlike(AMOUNT), regexp_replace(totalText, "^[£$€]", "").cast(EXACT));

    Dataset<Row> parsed =
        lines
            .withColumn("_time_text", timeText)
            .withColumn("order_time", orderTime)
            .withColumn("store", OrderLanding.field("store"))
            .withColumn("payment_method", upper(OrderLanding.field("payment_method")))
            .withColumn("customer_key", CustomerKeys.customerKey(key, OrderLanding.field("customer_name")))
            .withColumn("_total_text", totalText)
            .withColumn("_total", total)
            .withColumn("items", Baskets.parse(orders.sizes(), OrderLanding.field("basket")));

    Column items = col("items");
    Column badItem = element_at(filter(items, it -> it.getField("name").isNull()), 1);
    Column badPrice = element_at(filter(items, it -> it.getField("name").isNotNull().and(it.getField("price").isNull())), 1);
    Column itemSum = aggregate(items, lit(0).cast(EXACT), (sum, it) -> sum.plus(coalesce(it.getField("price"), lit(0))).cast(EXACT));
    Timestamp earliest = Timestamp.from(validation.minTime());
    Timestamp latest = Timestamp.from(runStartedAt.plus(validation.maxAhead()));
    Column time = col("order_time");
    Column mismatch = abs(col("_total").minus(itemSum)).gt(lit(orders.totalTolerance()));
    String formats = source.timeFormats().stream().map(Object::toString).collect(Collectors.joining(", "));

    Column reason =
        when(col("kind").notEqual(OrderLanding.DATA), lit(null).cast(StringType))
            .when(time.isNull(), lit(Reason.UNPARSEABLE_TIME.name()))
            .when(time.lt(lit(earliest)).or(time.gt(lit(latest))), lit(Reason.TIME_OUT_OF_RANGE.name()))
            .when(col("store").isNull(), lit(Reason.MISSING_STORE.name()))
            .when(size(items).equalTo(0), lit(Reason.EMPTY_BASKET.name()))
            .when(badItem.isNotNull(), lit(Reason.BAD_ITEM.name()))
            .when(badPrice.isNotNull(), lit(Reason.BAD_PRICE.name()))
            .when(col("_total").isNull(), lit(Reason.BAD_TOTAL.name()))
            .when(mismatch, lit(Reason.TOTAL_MISMATCH.name()));
    Column detail =
        when(col("kind").notEqual(OrderLanding.DATA), lit(null).cast(StringType))
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
            .when(col("_total").isNull(), concat(lit("'"), col("_total_text"), lit("' is not an amount")))
            .when(
                mismatch,
                concat(lit("total "), col("_total").cast(OrderSchemas.MONEY).cast(StringType), lit(" but the items add up to "), itemSum.cast(OrderSchemas.MONEY).cast(StringType)));

    return parsed
        .withColumn("reason", reason)
        .withColumn("detail", detail)
        .withColumn("raw_record", maskedLine())
        .withColumn("order_id", md5(concat_ws("|", col("source_file"), col("source_row").cast(StringType))))
        .withColumn("order_date", to_date(time))
        .withColumn("order_hour", hour(time))
        .withColumn("total", col("_total").cast(OrderSchemas.MONEY))
        .withColumn("item_count", size(items))
        .withColumn("run_id", lit(runId))
        .withColumn("ingested_at", lit(Timestamp.from(runStartedAt)))
        .drop("_time_text", "_total_text", "_total");
  }

  /**
   * The line as CSV again, its cells up to the last non-empty one, with the name and card number cells masked, so a
   * quarantined row can be inspected without exposing personal data.
   */
  static Column maskedLine() {
    Column cells = col("cells");
    Column lastFilled = array_position(reverse(transform(cells, c -> c.isNotNull())), true);
    Column count = when(lastFilled.equalTo(0), lit(0)).otherwise(size(cells).minus(lastFilled).plus(1));
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

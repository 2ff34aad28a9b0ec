package dev.glueetl.orders;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createDecimalType;

import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The declared schemas of the point-of-sale tables. None has a column for the customer's name or card number: those
 * never leave the landing zone.
 */
public final class OrderSchemas {
  /** Money: decimal(10,2). */
  public static final DecimalType MONEY = createDecimalType(10, 2);

  private OrderSchemas() {}

  /** {@code <pipeline>_trusted.orders}: one row per order; partitioned by order_date. */
  public static final StructType ORDERS =
      new StructType()
          .add("order_id", StringType, false)
          .add("store", StringType, false)
          .add("order_time", TimestampType, false)
          .add("order_date", DateType, false)
          .add("order_hour", IntegerType, false)
          .add("payment_method", StringType)
          .add("total", MONEY, false)
          .add("item_count", IntegerType, false)
          .add("customer_key", StringType)
          .add("source_file", StringType, false)
          .add("source_row", IntegerType, false)
          .add("run_id", StringType, false)
          .add("ingested_at", TimestampType, false);

  /** {@code <pipeline>_trusted.order_items}: one row per distinct item of an order; partitioned by order_date. */
  public static final StructType ORDER_ITEMS =
      new StructType()
          .add("order_id", StringType, false)
          .add("line_no", IntegerType, false)
          .add("size", StringType)
          .add("product", StringType, false)
          .add("product_base", StringType, false)
          .add("variant", StringType)
          .add("quantity", IntegerType, false)
          .add("unit_price", MONEY, false)
          .add("line_total", MONEY, false)
          .add("store", StringType, false)
          .add("order_date", DateType, false)
          .add("source_file", StringType, false)
          .add("run_id", StringType, false);

  /** {@code <pipeline>_quarantine.orders}: rows that could not be trusted, personal data masked as {@code ***}. */
  public static final StructType QUARANTINE =
      new StructType()
          .add("reason", StringType, false)
          .add("detail", StringType)
          .add("raw_record", StringType)
          .add("source_file", StringType, false)
          .add("source_row", IntegerType, false)
          .add("run_id", StringType, false)
          .add("ingested_at", TimestampType, false);
}

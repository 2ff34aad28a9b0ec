package dev.glueetl.records;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.glueetl.config.RecordColumn;
import dev.glueetl.config.RecordTableConfig;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/** The declared schemas of a {@code records} table's trusted and quarantine tables. */
public final class RecordSchemas {
  /** Every {@code records} quarantine table: the record as read (declared columns only), why, and where it came from. */
  public static final StructType QUARANTINE =
      new StructType()
          .add("reason", StringType, false)
          .add("column", StringType)
          .add("detail", StringType)
          .add("raw_record", StringType)
          .add("source_file", StringType, false)
          .add("run_id", StringType, false)
          .add("ingested_at", TimestampType, false);

  private RecordSchemas() {}

  /**
   * {@code <pipeline>_raw.<table>}: the declared columns with their types, all nullable (raw checks parsing only), the
   * record as read ({@code raw_record}, declared columns only), and where it came from: file, the file's place in its
   * batch and the record's in the file (which keep, dedup's tie-break, reads again on promotion), run and time.
   */
  public static StructType raw(RecordTableConfig table) {
    StructType schema = new StructType();
    for (RecordColumn column : table.columns()) {
      schema = schema.add(column.name(), column.type(), true);
    }
    return schema
        .add("raw_record", StringType)
        .add("source_file", StringType, false)
        .add("file_order", IntegerType, false)
        .add("position", LongType, false)
        .add("run_id", StringType, false)
        .add("ingested_at", TimestampType, false);
  }

  /**
   * {@code <pipeline>_trusted.<table>}: the declared columns with their types (NOT NULL where required or keyed), the
   * derived columns with the types their expressions give, then where each row came from; with {@code history: scd2}
   * also the validity of each version.
   *
   * @param derivedTypes the type of each derived column, as Spark resolved its expression
   */
  public static StructType trusted(RecordTableConfig table, Map<String, DataType> derivedTypes) {
    StructType schema = new StructType();
    for (RecordColumn column : table.columns()) {
      schema = schema.add(column.name(), column.type(), column.nullable() && !table.key().contains(column.name()));
    }
    for (String derived : table.derived().keySet()) {
      schema = schema.add(derived, derivedTypes.get(derived), !table.key().contains(derived) && !table.partition().map(derived::equals).orElse(false));
    }
    schema = schema.add("source_file", StringType, false).add("run_id", StringType, false).add("ingested_at", TimestampType, false);
    if (table.history() == RecordTableConfig.History.SCD2) {
      schema = schema.add("valid_from", TimestampType, false).add("valid_to", TimestampType).add("is_current", BooleanType, false);
    }
    return schema;
  }
}

package dev.glueetl.events;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.glueetl.config.Durations;
import dev.glueetl.config.SourceConfig;
import dev.glueetl.config.SourceFormat;
import dev.glueetl.config.ValidationConfig;
import dev.glueetl.conform.JsonPaths;
import dev.glueetl.conform.Texts;
import dev.glueetl.conform.TimeParsing;
import dev.glueetl.error.Errors;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Conforms landing records ({@link EventLanding}) to the canonical event columns of {@link EventSchemas#CONFORMED}, and
 * decides for each record whether it can be trusted. Adds {@code reason} (NULL for a good record), {@code detail}
 * (what exactly is wrong) and keeps {@code raw_record} for the quarantine.
 *
 * <pre>
 * raw_record                                                        reason             detail
 * {"meta":{"id":"e1","type":"open","timestamp":1704103200000},...}  NULL
 * {"meta":{"id":"e2","type":"open"},"data":{}}                      MISSING_FIELD      missing user_id, event_time
 * {"meta":{...,"timestamp":"yesterday"},...}                        UNPARSEABLE_TIME   'yesterday' is not epoch_millis
 * {"meta":{...,"timestamp":86400000},...}                           TIME_OUT_OF_RANGE  1970-01-02 00:00:00 is before 2000-01-01T00:00:00Z ...
 * {"meta":                                                          INVALID_JSON       not a JSON object
 * {"meta":{...},"data":{"userId":["u1"],...}}                       WRONG_TYPE         user_id (data.userId) holds an array or object ...
 * (whitespace only)                                                 BLANK_LINE         (skipped and counted, not quarantined)
 * </pre>
 *
 * Strings are trimmed and empty strings become NULL. A record without an event id (unmapped or absent) gets one derived
 * from its whole text, so identical records are duplicates of each other.
 */
public final class ConformEvents {
  /** Why a record went to quarantine. */
  public enum Reason {
    INVALID_JSON,
    WRONG_TYPE,
    MISSING_FIELD,
    UNPARSEABLE_TIME,
    TIME_OUT_OF_RANGE
  }

  private static final String MAPPED_ID = "_mapped_event_id";
  private static final String WRONG_TYPE = "_wrong_type";
  private static final String MISSING = "_missing";

  /** Not a quarantine reason: blank lines are skipped and counted. */
  public static final String BLANK_LINE = "BLANK_LINE";

  private ConformEvents() {}

  public static Dataset<Row> conform(
      SourceConfig source, ValidationConfig validation, String runId, Instant runStartedAt, Dataset<Row> landing) {
    StructType recordSchema = (StructType) landing.schema().apply("record").dataType();
    Column userId = field(source, recordSchema, "user_id");
    Column eventName = field(source, recordSchema, "event_name");
    Column timeText = field(source, recordSchema, "event_time");
    Column derivedId = md5(trim(col("raw_record"), Texts.BLANKS));
    Column mappedId = source.maps("event_id") ? field(source, recordSchema, "event_id") : lit(null).cast(StringType);

    // Each field is computed once into a column and referenced by name after, so that the checks below stay small
    // expressions over columns instead of repeating the extraction: plans, generated code and task closures stay small.
    Dataset<Row> withFields =
        landing
            .withColumn(MAPPED_ID, mappedId)
            .withColumn("event_id", coalesce(col(MAPPED_ID), derivedId))
            .withColumn("user_id", userId)
            .withColumn("_time_text", timeText)
            .withColumn("event_time", TimeParsing.parse(col("_time_text"), source.timeFormats(), source.timezone()))
            .withColumn("event_name", eventName);
    for (String device : EventSchemas.DEVICE_FIELDS) {
      withFields = withFields.withColumn(device, field(source, recordSchema, device));
    }

    Timestamp earliest = Timestamp.from(validation.minTime());
    Timestamp latest = Timestamp.from(runStartedAt.plus(validation.maxAhead()));
    Column missing =
        concat_ws(
            ", ",
            when(col("user_id").isNull(), lit("user_id")),
            when(col("event_time").isNull().and(col("_time_text").isNull()), lit("event_time")),
            when(col("event_name").isNull(), lit("event_name")));
    Column timeOutOfRange = col("event_time").lt(lit(earliest)).or(col("event_time").gt(lit(latest)));
    withFields = withFields.withColumn(WRONG_TYPE, wrongTypes(source)).withColumn(MISSING, missing);
    Column wrongType = col(WRONG_TYPE);
    missing = col(MISSING);
    Column reason =
        when(col("status").equalTo(EventLanding.BLANK), lit(BLANK_LINE))
            .when(col("status").equalTo(EventLanding.INVALID_JSON), lit(Reason.INVALID_JSON.name()))
            .when(wrongType.notEqual(lit("")), lit(Reason.WRONG_TYPE.name()))
            .when(missing.notEqual(lit("")), lit(Reason.MISSING_FIELD.name()))
            .when(col("event_time").isNull(), lit(Reason.UNPARSEABLE_TIME.name()))
            .when(timeOutOfRange, lit(Reason.TIME_OUT_OF_RANGE.name()));
    Column detail =
        when(col("status").equalTo(EventLanding.BLANK), lit(null).cast(StringType))
            .when(col("status").equalTo(EventLanding.INVALID_JSON), col("problem"))
            .when(wrongType.notEqual(lit("")), concat(wrongType, lit(" an array or object where a single value is expected")))
            .when(missing.notEqual(lit("")), concat(lit("missing "), missing))
            .when(
                col("event_time").isNull(),
                concat(lit("'"), col("_time_text"), lit("' is not " + describe(source))))
            .when(
                col("event_time").lt(lit(earliest)),
                concat(col("event_time").cast(StringType), lit(" is before " + validation.minTime() + " (validation.min_time)")))
            .when(
                timeOutOfRange,
                concat(
                    col("event_time").cast(StringType),
                    lit(" is more than " + Durations.format(validation.maxAhead()) + " after the run started (validation.max_ahead)")));

    List<Column> output = new ArrayList<>();
    for (String name : EventSchemas.CONFORMED.fieldNames()) {
      switch (name) {
        case "event_date":
          output.add(to_date(col("event_time")).as(name));
          break;
        case "run_id":
          output.add(lit(runId).as(name));
          break;
        case "ingested_at":
          output.add(lit(Timestamp.from(runStartedAt)).as(name));
          break;
        default:
          output.add(col(name));
      }
    }
    output.add(reason.as("reason"));
    output.add(detail.as("detail"));
    output.add(col("raw_record"));
    return withFields.select(output.toArray(new Column[0]));
  }

  /**
   * The cleaned value of a canonical field: the first of its mapped source columns that is present and non-empty, or
   * NULL when the mapping does not name it. Mapped columns that the source schema lacks are an error for required
   * fields only when none of their candidates exist.
   */
  static Column field(SourceConfig source, StructType recordSchema, String canonical) {
    List<Column> candidates = new ArrayList<>();
    for (String path : source.columnsOf(canonical)) {
      boolean flat = source.format() == SourceFormat.CSV;
      boolean exists = flat ? List.of(recordSchema.fieldNames()).contains(path) : JsonPaths.exists(recordSchema, path);
      if (exists) {
        Column value = flat ? col("record").getField(path) : JsonPaths.at(col("record"), path);
        candidates.add(Texts.clean(value));
      }
    }
    if (candidates.isEmpty()) {
      if (source.type().requiredFields().contains(canonical)) {
        throw Errors.schemaMismatch(
            "input " + source.path(),
            String.join(" or ", source.columnsOf(canonical)),
            "a column holding " + canonical + " (source.fields." + canonical + ")",
            "columns " + String.join(", ", recordSchema.fieldNames()));
      }
      return lit(null).cast(StringType);
    }
    return candidates.size() == 1 ? candidates.get(0) : coalesce(candidates.toArray(new Column[0]));
  }

  /**
   * The mapped fields of a JSON record holding an array or object, e.g. {@code user_id (data.userId) holds}; empty
   * when none does. Spark's JSON parser gives such a value as its JSON text, so {@code ["u1"]} would otherwise become a
   * user id; a text that merely starts with a bracket is not valid JSON and stays a value.
   */
  static Column wrongTypes(SourceConfig source) {
    if (source.format() != SourceFormat.JSON) {
      return lit("");
    }
    List<Column> names = new ArrayList<>();
    List<String> mapped = new ArrayList<>(source.fields().keySet());
    for (String canonical : mapped) {
      Column value = col(canonical.equals("event_id") ? MAPPED_ID : canonical.equals("event_time") ? "_time_text" : canonical);
      Column nested =
          when(value.startsWith("["), call_function("json_array_length", value).isNotNull())
              .when(value.startsWith("{"), call_function("json_object_keys", value).isNotNull())
              .otherwise(lit(false));
      names.add(when(nested, lit(canonical + " (" + String.join(" or ", source.columnsOf(canonical)) + ")")));
    }
    Column list = concat_ws(", ", names.toArray(new Column[0]));
    return when(list.notEqual(lit("")), concat(list, when(list.contains(","), lit(" hold")).otherwise(lit(" holds")))).otherwise(lit(""));
  }

  private static String describe(SourceConfig source) {
    List<String> names = new ArrayList<>();
    source.timeFormats().forEach(f -> names.add(f.toString()));
    return String.join(" or ", names);
  }
}

package dev.glueetl.conform;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.TimeFormat;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Turns timestamp text into a UTC timestamp with Spark SQL functions only (no UDF), trying each configured format in
 * order. Text that no format parses gives NULL (never an exception, whatever {@code spark.sql.ansi.enabled} says), so
 * the caller can quarantine it.
 *
 * <pre>
 * format          text                          result (UTC)
 * epoch_millis    1700000000123                 2023-11-14 22:13:20.123
 * epoch_millis    1.7000000001235E12            2023-11-14 22:13:20.1235
 * epoch_seconds   1700000000.5                  2023-11-14 22:13:20.5
 * iso8601         2024-03-01T10:00:00+02:00     2024-03-01 08:00:00
 * iso8601         2024-03-01 10:00 (timezone Europe/London)  2024-03-01 10:00:00
 * dd/MM/yyyy HH:mm  25/08/2021 09:00            2021-08-25 09:00:00
 * </pre>
 */
public final class TimeParsing {
  /**
   * Up to 15 digits: beyond that the instant is past year 30000 and would overflow Spark's microseconds. A JSON number
   * with a fraction reaches us as Spark's parser writes a double, {@code 1.7092836000005E12}: so an exponent is allowed,
   * and the value is range-checked after the cast instead.
   */
  private static final String EPOCH_MILLIS = "^-?[0-9]{1,15}(\\.[0-9]+)?$|^-?[0-9](\\.[0-9]+)?[eE][+]?[0-9]{1,2}$";

  private static final String EPOCH_SECONDS = "^-?[0-9]{1,12}(\\.[0-9]{1,9})?$|^-?[0-9](\\.[0-9]+)?[eE][+]?[0-9]{1,2}$";
  /** Epoch values beyond this many milliseconds (about year 33658) are out of Spark's timestamp range. */
  private static final long MAX_EPOCH_MILLIS = 999_999_999_999_999L;
  private static final String ISO8601 =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$";
  /** An offset after a time of day (a date alone ends in "-01", which is not an offset). */
  private static final String ENDS_WITH_OFFSET = "[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$";

  private TimeParsing() {}

  /** The first format that parses {@code text} wins; NULL when none does. */
  public static Column parse(Column text, List<TimeFormat> formats, ZoneId zone) {
    Column[] attempts = formats.stream().map(format -> parse(text, format, zone)).toArray(Column[]::new);
    return attempts.length == 1 ? attempts[0] : coalesce(attempts);
  }

  static Column parse(Column text, TimeFormat format, ZoneId zone) {
    boolean utc = zone.normalized().equals(ZoneOffset.UTC);
    switch (format.kind()) {
      case EPOCH_MILLIS:
        {
          Column millis = text.cast("decimal(38,6)");
          return when(text.rlike(EPOCH_MILLIS).and(abs(millis).leq(lit(MAX_EPOCH_MILLIS))), call_function("timestamp_micros", millis.multiply(lit(1_000L)).cast("bigint")));
        }
      case EPOCH_SECONDS:
        {
          Column seconds = text.cast("decimal(38,9)");
          return when(
              text.rlike(EPOCH_SECONDS).and(abs(seconds).leq(lit(MAX_EPOCH_MILLIS / 1000))),
              call_function("timestamp_micros", seconds.multiply(lit(1_000_000L)).cast("bigint")));
        }
      case ISO8601:
        {
          Column parsed = call_function("try_to_timestamp", text);
          Column local = utc ? parsed : when(text.rlike(ENDS_WITH_OFFSET), parsed).otherwise(to_utc_timestamp(parsed, zone.getId()));
          return when(text.rlike(ISO8601), local);
        }
      default:
        {
          Column parsed = call_function("try_to_timestamp", text, lit(format.pattern()));
          return utc || format.carriesOffset() ? parsed : to_utc_timestamp(parsed, zone.getId());
        }
    }
  }
}

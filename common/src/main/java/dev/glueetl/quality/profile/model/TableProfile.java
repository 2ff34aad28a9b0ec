package dev.glueetl.quality.profile.model;

import java.util.List;
import java.util.Optional;

/**
 * What profiling found in one table: its row count and one {@link ColumnProfile} per profiled column, in the table's
 * column order. Columns of nested types (struct, array, map) are not profiled; they are listed in {@code skipped}.
 */
public record TableProfile(String table, long rowCount, List<ColumnProfile> columns, List<String> skipped) {
  public TableProfile {
    columns = List.copyOf(columns);
    skipped = List.copyOf(skipped);
  }

  public Optional<ColumnProfile> column(String name) {
    return columns.stream().filter(c -> c.column().equals(name)).findFirst();
  }

  /**
   * The figures of one column.
   *
   * @param type the Spark SQL type ({@code int}, {@code string}, {@code double}, ...)
   * @param completeness the fraction of rows where it is not null
   * @param approxDistinct distinct non-null values, approximate (Deequ's HyperLogLog++ sketch: exact for a few dozen
   *     values, within a few percent beyond)
   * @param min the smallest value as text (numbers, dates, timestamps, strings by their order); empty when all null
   * @param max the largest value as text
   * @param mean the mean, numeric columns only
   * @param stddev the population standard deviation, numeric columns only
   * @param topValues the most frequent values, most frequent first (ties by value); a null value is a {@code null}
   *     {@link TopValue#value()}
   */
  public record ColumnProfile(
      String column, String type, double completeness, long approxDistinct, Optional<String> min, Optional<String> max, Optional<Double> mean,
      Optional<Double> stddev, List<TopValue> topValues) {
    public ColumnProfile {
      topValues = List.copyOf(topValues);
    }
  }

  /** One frequent value: how many rows have it, and that as a fraction of all rows. */
  public record TopValue(String value, long count, double ratio) {}
}

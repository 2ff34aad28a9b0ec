package dev.glueetl.quality.profile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import com.amazon.deequ.metrics.Distribution;
import com.amazon.deequ.metrics.DistributionValue;
import com.amazon.deequ.profiles.ColumnProfile;
import com.amazon.deequ.profiles.NumericColumnProfile;
import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.Rules;
import com.amazon.deequ.suggestions.rules.ConstraintRule;
import com.amazon.deequ.suggestions.rules.UniqueIfApproximatelyUniqueRule;
import dev.glueetl.quality.profile.model.TableProfile.TopValue;
import dev.glueetl.quality.profile.model.TableProfile;
import dev.glueetl.quality.rules.Deequ;
import dev.glueetl.quality.rules.Predicates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.collection.JavaConverters;

/**
 * Profiles a table and suggests constraints with Deequ, behind a Java-typed surface: the one place that calls Deequ's
 * profiler ({@code com.amazon.deequ.profiles.ColumnProfiler}, run by {@link ConstraintSuggestionRunner}, which applies
 * the suggestion rules to the profiles it computed, so profile and suggestions come from the same three passes over the
 * data). Steps, in order:
 *
 * <ol>
 *   <li><b>columns</b>: the columns of atomic types (numbers, strings, booleans, dates, timestamps); nested columns are
 *       skipped (Deequ profiles none of them);
 *   <li><b>Deequ</b>: completeness, approximate distinct count (HyperLogLog++), the data type, numeric statistics, an
 *       exact histogram of every column with at most {@value #HISTOGRAM_MAX_DISTINCT} distinct values; then the
 *       suggestion rules ({@code Rules.DEFAULT} and {@link UniqueIfApproximatelyUniqueRule});
 *   <li><b>min and max of non-numeric columns</b>: one Spark aggregation (Deequ computes them for numbers only);
 *   <li><b>top values of the other columns</b>: one group-by per column with more distinct values than that, its
 *       {@value #TOP_VALUES} most frequent values.
 * </ol>
 */
public final class Profiler {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Profiler.class);

  /** How many of a column's most frequent values a profile keeps. */
  public static final int TOP_VALUES = 10;

  /** Deequ's default: a column with at most this many distinct values gets a full histogram (and categorical suggestions). */
  public static final int HISTOGRAM_MAX_DISTINCT = 120;

  /** How Deequ's histogram names the NULL bucket. */
  private static final String DEEQU_NULL = "NullValue";

  /**
   * One of Deequ's constraint suggestions.
   *
   * @param rule the Deequ suggestion rule that made it ({@code CompleteIfCompleteRule}, {@code CategoricalRangeRule}, ...)
   * @param description Deequ's reason, e.g. {@code 'status' has value range 'present', 'late'}
   * @param code the constraint as Deequ's Scala code, e.g. {@code .isContainedIn("status", Array("present", "late"))}
   */
  public record Suggestion(String column, String rule, String description, String code) {}

  /** A table's profile and the constraints Deequ suggests from it. */
  public record Profiling(TableProfile profile, List<Suggestion> suggestions) {}

  private Profiler() {}

  /** Profiles {@code data}; {@code table} names it in the profile. */
  public static Profiling profile(String table, Dataset<Row> data) {
    return profile(table, data, HISTOGRAM_MAX_DISTINCT);
  }

  /**
   * Profiles {@code data}, with Deequ's histogram (and so its categorical suggestions) for columns with at most
   * {@code histogramMaxDistinct} distinct values; the others get their top values from a group-by.
   */
  public static Profiling profile(String table, Dataset<Row> data, int histogramMaxDistinct) {
    List<String> profiled = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (StructField field : data.schema().fields()) {
      (isAtomic(field.dataType()) ? profiled : skipped).add(field.name());
    }
    if (profiled.isEmpty()) {
      return new Profiling(new TableProfile(table, data.count(), List.of(), skipped), List.of());
    }
    List<ConstraintRule<ColumnProfile>> rules = new ArrayList<>(JavaConverters.seqAsJavaList(Rules.DEFAULT()));
    rules.add(new UniqueIfApproximatelyUniqueRule());
    // Deequ prints a line on the console for each date column ("Unable to map type DateType"): the CLI's stdout is
    // for results, so its console output goes to the log instead
    java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
    ConstraintSuggestionResult result =
        scala.Console$.MODULE$.withOut(
            new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8),
            (scala.Function0<ConstraintSuggestionResult>)
                () ->
                    ConstraintSuggestionRunner.apply()
                        .onData(data)
                        .addConstraintRules(Deequ.seq(rules))
                        .restrictToColumns(Deequ.seq(profiled))
                        .withLowCardinalityHistogramThreshold(histogramMaxDistinct)
                        .run());
    console.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).forEach(line -> LOG.debug("Deequ: {}", line));
    long rows = result.numRecordsUsedForProfiling();
    Map<String, ColumnProfile> deequ = JavaConverters.mapAsJavaMap(result.columnProfiles());
    Map<String, Row> extremes = nonNumericExtremes(data, profiled);

    List<TableProfile.ColumnProfile> columns = new ArrayList<>();
    for (String name : profiled) {
      DataType type = data.schema().apply(name).dataType();
      ColumnProfile column = deequ.get(name);
      Optional<String> low = Optional.empty();
      Optional<String> high = Optional.empty();
      Optional<Double> mean = Optional.empty();
      Optional<Double> stddev = Optional.empty();
      if (type instanceof NumericType && column instanceof NumericColumnProfile numeric) {
        low = number(numeric.minimum(), type);
        high = number(numeric.maximum(), type);
        mean = number(numeric.mean());
        stddev = number(numeric.stdDev());
      } else if (extremes.containsKey(name)) {
        Row row = extremes.get(name);
        low = Optional.ofNullable(row.getString(0));
        high = Optional.ofNullable(row.getString(1));
      }
      List<TopValue> top = column.histogram().isDefined() ? topValues(column.histogram().get(), rows) : topValues(data, name, rows);
      columns.add(
          new TableProfile.ColumnProfile(name, type.simpleString(), column.completeness(), column.approximateNumDistinctValues(), low, high, mean, stddev, top));
    }

    List<Suggestion> suggestions = new ArrayList<>();
    Map<String, scala.collection.Seq<ConstraintSuggestion>> byColumn = JavaConverters.mapAsJavaMap(result.constraintSuggestions());
    for (String name : profiled) {
      if (byColumn.containsKey(name)) {
        for (ConstraintSuggestion s : JavaConverters.seqAsJavaList(byColumn.get(name))) {
          suggestions.add(new Suggestion(name, s.suggestingRule().getClass().getSimpleName(), s.description(), s.codeForConstraint()));
        }
      }
    }
    return new Profiling(new TableProfile(table, rows, columns, skipped), List.copyOf(suggestions));
  }

  private static boolean isAtomic(DataType type) {
    return type instanceof NumericType || type instanceof StringType || type instanceof BooleanType || type instanceof DateType
        || type instanceof TimestampType || type instanceof TimestampNTZType;
  }

  /** Min and max as text of each non-numeric column, in one aggregation; numeric ones come from Deequ. */
  private static Map<String, Row> nonNumericExtremes(Dataset<Row> data, List<String> profiled) {
    List<String> names = profiled.stream().filter(n -> !(data.schema().apply(n).dataType() instanceof NumericType)).toList();
    if (names.isEmpty()) {
      return Map.of();
    }
    List<Column> aggregates = new ArrayList<>();
    for (String name : names) {
      Column column = col(Predicates.quote(name));
      aggregates.add(min(column).cast("string"));
      aggregates.add(max(column).cast("string"));
    }
    Row row = data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
    Map<String, Row> extremes = new java.util.HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      extremes.put(names.get(i), org.apache.spark.sql.RowFactory.create(row.getString(2 * i), row.getString(2 * i + 1)));
    }
    return extremes;
  }

  /** Deequ's histogram as top values: NULL as a null value, most frequent first. */
  private static List<TopValue> topValues(Distribution histogram, long rows) {
    List<TopValue> values = new ArrayList<>();
    for (Map.Entry<String, DistributionValue> bin : JavaConverters.mapAsJavaMap(histogram.values()).entrySet()) {
      String value = DEEQU_NULL.equals(bin.getKey()) ? null : bin.getKey();
      values.add(new TopValue(value, bin.getValue().absolute(), rows == 0 ? 0.0 : bin.getValue().absolute() / (double) rows));
    }
    values.sort(MOST_FREQUENT_FIRST);
    return List.copyOf(values.subList(0, Math.min(TOP_VALUES, values.size())));
  }

  /** The most frequent values of a column with too many distinct values for Deequ's histogram. */
  private static List<TopValue> topValues(Dataset<Row> data, String name, long rows) {
    // ties in the column's own order (numbers as numbers), the value as text only after that
    Column value = col(Predicates.quote(name)).as("value");
    List<TopValue> values = new ArrayList<>();
    for (Row row :
        data.groupBy(value).count().orderBy(col("count").desc(), col("value").asc_nulls_last()).limit(TOP_VALUES)
            .select(col("value").cast("string"), col("count")).collectAsList()) {
      values.add(new TopValue(row.getString(0), row.getLong(1), rows == 0 ? 0.0 : row.getLong(1) / (double) rows));
    }
    return values;
  }

  /** Most frequent first; ties by value, numbers as numbers ({@code 2} before {@code 10}), NULL last. */
  private static final Comparator<TopValue> MOST_FREQUENT_FIRST =
      Comparator.comparingLong(TopValue::count).reversed().thenComparing(TopValue::value, Comparator.nullsLast(Profiler::compareValues));

  private static int compareValues(String a, String b) {
    try {
      return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  private static Optional<Double> number(scala.Option<Object> value) {
    return value.isDefined() ? Optional.of(((Number) value.get()).doubleValue()) : Optional.empty();
  }

  /** An integral column's min and max without a fraction ({@code 7}, not {@code 7.0}). */
  private static Optional<String> number(scala.Option<Object> value, DataType type) {
    return number(value).map(v -> type instanceof IntegralType || (type instanceof DecimalType d && d.scale() == 0) ? String.valueOf(v.longValue()) : String.valueOf(v));
  }
}

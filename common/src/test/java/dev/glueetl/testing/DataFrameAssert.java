package dev.glueetl.testing;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * DataFrame equality for tests: schemas first (names and types, optionally ignoring nullability and column order), then
 * rows compared after sorting, with a tolerance for doubles, and a row-level diff that shows what is missing and what
 * is extra.
 */
public final class DataFrameAssert {
  private final Dataset<Row> actual;
  private boolean ignoreNullability = true;
  private boolean ignoreColumnOrder = false;
  private double tolerance = 1e-9;

  private DataFrameAssert(Dataset<Row> actual) {
    this.actual = actual;
  }

  public static DataFrameAssert assertThatDataFrame(Dataset<Row> actual) {
    return new DataFrameAssert(actual);
  }

  public DataFrameAssert checkingNullability() {
    ignoreNullability = false;
    return this;
  }

  public DataFrameAssert ignoringColumnOrder() {
    ignoreColumnOrder = true;
    return this;
  }

  public DataFrameAssert withTolerance(double tolerance) {
    this.tolerance = tolerance;
    return this;
  }

  /** Asserts the actual frame equals {@code expected}: same schema, same rows in any order. */
  public void isEqualTo(Dataset<Row> expected) {
    Dataset<Row> actualFrame = actual;
    if (ignoreColumnOrder) {
      actualFrame = actual.select(Arrays.stream(expected.columns()).map(c -> actual.col("`" + c + "`")).toArray(Column[]::new));
    }
    assertSchemaEquals(actualFrame.schema(), expected.schema());
    hasRows(actualFrame.collectAsList(), expected.collectAsList());
  }

  /** Asserts the actual frame has exactly these rows (any order); the schema is not checked. */
  public void hasRows(Row... expected) {
    hasRows(actual.collectAsList(), Arrays.asList(expected));
  }

  private void assertSchemaEquals(StructType actualSchema, StructType expectedSchema) {
    String a = describe(actualSchema);
    String e = describe(expectedSchema);
    if (!a.equals(e)) {
      fail("schemas differ%n  expected: %s%n  actual:   %s", e, a);
    }
  }

  private String describe(StructType schema) {
    List<String> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      fields.add(field.name() + ":" + field.dataType().simpleString() + (ignoreNullability || field.nullable() ? "" : " not null"));
    }
    return String.join(", ", fields);
  }

  private void hasRows(List<Row> actualRows, List<Row> expectedRows) {
    List<Row> sortedActual = sorted(actualRows);
    List<Row> sortedExpected = sorted(expectedRows);
    List<Row> missing = new ArrayList<>();
    List<Row> extra = new ArrayList<>(sortedActual);
    for (Row expected : sortedExpected) {
      Row match = null;
      for (Row candidate : extra) {
        if (rowsEqual(candidate, expected)) {
          match = candidate;
          break;
        }
      }
      if (match == null) {
        missing.add(expected);
      } else {
        extra.remove(match);
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      StringBuilder diff = new StringBuilder();
      diff.append(String.format("rows differ: expected %d, actual %d%n", expectedRows.size(), actualRows.size()));
      missing.forEach(r -> diff.append("  - missing ").append(r).append('\n'));
      extra.forEach(r -> diff.append("  + extra   ").append(r).append('\n'));
      diff.append("actual rows:\n");
      sortedActual.forEach(r -> diff.append("    ").append(r).append('\n'));
      fail(diff.toString());
    }
  }

  private boolean rowsEqual(Row a, Row b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      if (!valuesEqual(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean valuesEqual(Object a, Object b) {
    if (a instanceof Double || a instanceof Float) {
      if (!(b instanceof Number)) {
        return false;
      }
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return Double.compare(x, y) == 0 || Math.abs(x - y) <= tolerance * Math.max(1.0, Math.abs(y));
    }
    if (a instanceof Number && b instanceof Number && !(a instanceof java.math.BigDecimal)) {
      return ((Number) a).longValue() == ((Number) b).longValue() && !(b instanceof Double);
    }
    if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if (a instanceof Row x && b instanceof Row y) {
      return rowsEqual(x, y);
    }
    if (a instanceof scala.collection.Seq<?> x && b instanceof scala.collection.Seq<?> y) {
      return Objects.equals(x, y);
    }
    return Objects.equals(a, b);
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Row::toString));
    return copy;
  }
}

package dev.glueetl.quality.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * What row checks may use besides the data: its original columns, the instant {@code now()} refers to, the reference
 * datasets, and names for helper columns. Created for one evaluation or one annotation of rows.
 */
public final class RowScope {
  /** Prefix of the helper columns row checks add; whoever annotates rows drops them. */
  public static final String HELPER_PREFIX = "_dq_helper_";

  private final List<String> columns;
  private final Instant now;
  private final Map<String, Dataset<Row>> references;
  private final boolean checksColumns;
  private int helpers;

  private RowScope(List<String> columns, Instant now, Map<String, Dataset<Row>> references, boolean checksColumns) {
    this.columns = List.copyOf(columns);
    this.now = now;
    this.references = references;
    this.checksColumns = checksColumns;
  }

  /** For planning rules: every column a rule reads is checked before its row test is built. */
  public static RowScope planning(List<String> columns, Instant now, Map<String, Dataset<Row>> references) {
    return new RowScope(columns, now, references, true);
  }

  /** For annotating the rows of rules already evaluated. */
  public static RowScope annotating(List<String> columns, Instant now, Map<String, Dataset<Row>> references) {
    return new RowScope(columns, now, references, false);
  }

  /** The data's columns before any helper column was added. */
  public List<String> columns() {
    return columns;
  }

  public Instant now() {
    return now;
  }

  /** Datasets that ReferentialIntegrity rules name by alias ({@code "orders.{order_id}"}). */
  public Map<String, Dataset<Row>> references() {
    return references;
  }

  /** A new helper column name. */
  public String helperColumn() {
    return HELPER_PREFIX + helpers++;
  }

  /** Whether the data has {@code column} (names compare case-insensitively, as Spark's do). */
  public boolean hasColumn(String column) {
    return columns.stream().anyMatch(c -> c.equalsIgnoreCase(column));
  }

  /** @throws IllegalArgumentException naming the column and the columns there are, when the data lacks it */
  public void requireColumn(String column) {
    if (!hasColumn(column)) {
      throw new IllegalArgumentException("column '" + column + "' does not exist (columns: " + String.join(", ", columns) + ")");
    }
  }

  /** When planning, requires every column {@code rule} reads. */
  public void checkColumns(RuleType type, DQRule rule) {
    if (checksColumns) {
      type.columns(rule).forEach(this::requireColumn);
    }
  }
}

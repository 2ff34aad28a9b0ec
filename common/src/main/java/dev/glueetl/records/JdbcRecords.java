package dev.glueetl.records;

import dev.glueetl.config.JdbcSourceConfig;
import dev.glueetl.config.RecordColumn;
import dev.glueetl.config.RecordTableConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.secrets.Secrets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;

/**
 * Reads the rows of a database table that changed since the last run: those whose incremental column is above the
 * committed watermark and at most the high mark taken when the run starts (so rows written while the run reads wait for
 * the next run, and nothing is read twice or skipped). Without an incremental column every run reads the whole table.
 *
 * <pre>
 * watermark  TIMESTAMP '2025-03-14 10:00:00.000000'   (committed by the last successful run)
 * high mark  SELECT MAX(updated_at) FROM customers  → TIMESTAMP '2025-03-15 09:30:00.000000'
 * read       SELECT ... FROM customers WHERE updated_at > {watermark} AND updated_at <= {high mark}
 * </pre>
 *
 * The password is resolved here, passed to the driver only, and never logged, stored or put into a message.
 */
public final class JdbcRecords {
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  /**
   * One read.
   *
   * @param rows the rows read (declared columns, database types), empty when nothing changed
   * @param label where the rows came from, for {@code source_file}: the table and the watermark read from
   * @param highMark the watermark to commit once the rows are in the lake; empty when nothing is to be committed
   */
  public record Read(Optional<Dataset<Row>> rows, String label, Optional<String> highMark) {}

  private JdbcRecords() {}

  /** The password of a JDBC source: from Secrets Manager when a secret is named, else from the environment variable. */
  public static String password(JdbcSourceConfig config, String tableName, Secrets secrets) {
    String what = "source.tables[" + tableName + "].jdbc password";
    if (config.passwordSecretId().isPresent()) {
      return secrets.secretsManager(config.passwordSecretId().get(), config.passwordSecretField(), what);
    }
    String variable = config.passwordEnv().orElseThrow();
    return secrets.environmentVariable(variable).orElseThrow(() -> Errors.secretUnavailable("environment variable " + variable, what, "it is not set"));
  }

  /** The rows changed since {@code watermark} (all rows when it is empty or the table has no incremental column). */
  public static Read read(SparkSession spark, RecordTableConfig table, String password, Optional<String> watermark) {
    JdbcSourceConfig jdbc = table.jdbc().orElseThrow();
    JdbcDialect dialect = JdbcDialects.get(jdbc.url());
    Optional<RecordColumn> incremental = jdbc.incrementalColumn().flatMap(table::column);
    Optional<RecordColumn> split = jdbc.splitColumn().flatMap(table::column);
    String from = jdbc.table();

    List<String> conditions = new ArrayList<>();
    Optional<String> high = Optional.empty();
    long[] bounds = null;
    try (Connection connection = connect(jdbc, table.name(), password)) {
      String lowCondition = incremental.isPresent() && watermark.isPresent() ? dialect.quoteIdentifier(incremental.get().from()) + " > " + watermark.get() : "";
      List<String> aggregates = new ArrayList<>();
      incremental.ifPresent(c -> aggregates.add("MAX(" + dialect.quoteIdentifier(c.from()) + ")"));
      split.ifPresent(c -> aggregates.add("MIN(" + dialect.quoteIdentifier(c.from()) + "), MAX(" + dialect.quoteIdentifier(c.from()) + ")"));
      if (!aggregates.isEmpty()) {
        String sql = "SELECT " + String.join(", ", aggregates) + " FROM " + from + (lowCondition.isEmpty() ? "" : " WHERE " + lowCondition);
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
          result.next();
          int index = 1;
          if (incremental.isPresent()) {
            Object max = result.getObject(index++);
            if (max == null) { // nothing above the watermark (or an empty table)
              return new Read(Optional.empty(), label(jdbc, watermark), Optional.empty());
            }
            high = Optional.of(literal(max));
          }
          if (split.isPresent()) {
            bounds = new long[] {result.getLong(index), result.getLong(index + 1)};
          }
        }
      }
      if (!lowCondition.isEmpty()) {
        conditions.add(lowCondition);
      }
      if (high.isPresent()) {
        conditions.add(dialect.quoteIdentifier(incremental.get().from()) + " <= " + high.get());
      }
    } catch (SQLException e) {
      throw Errors.sourceUnavailable(jdbc.displayUrl() + " table " + jdbc.table(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(password, "***"));
    }

    List<String> selected = new ArrayList<>();
    for (RecordColumn column : table.columns()) {
      selected.add(dialect.quoteIdentifier(column.from()));
    }
    String query = "(SELECT " + String.join(", ", selected) + " FROM " + from + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + ") src";
    Properties properties = new Properties();
    properties.put("user", jdbc.user());
    properties.put("password", password);
    properties.put("fetchsize", String.valueOf(jdbc.fetchSize()));
    Dataset<Row> rows =
        bounds != null && jdbc.partitions() > 1
            ? spark.read().jdbc(jdbc.url(), query, split.get().from(), bounds[0], bounds[1] + 1, jdbc.partitions(), properties)
            : spark.read().jdbc(jdbc.url(), query, properties);
    return new Read(Optional.of(rows), label(jdbc, watermark), high);
  }

  private static Connection connect(JdbcSourceConfig jdbc, String tableName, String password) {
    try {
      return DriverManager.getConnection(jdbc.url(), jdbc.user(), password);
    } catch (SQLException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(password, "***");
      throw Errors.sourceUnavailable(jdbc.displayUrl() + " (source.tables[" + tableName + "].jdbc, user " + jdbc.user() + ")", message);
    }
  }

  /** Where rows came from: the table, and the watermark the read started above, so a retried read replaces its rejects. */
  static String label(JdbcSourceConfig jdbc, Optional<String> watermark) {
    return "jdbc:" + jdbc.table() + watermark.map(w -> " after " + w).orElse("");
  }

  /** A SQL literal both PostgreSQL and MySQL/MariaDB read back as the value: the watermark as stored. */
  static String literal(Object value) {
    if (value instanceof Timestamp timestamp) {
      return "TIMESTAMP '" + timestamp.toLocalDateTime().format(MICROS) + "'";
    }
    if (value instanceof LocalDateTime time) {
      return "TIMESTAMP '" + time.format(MICROS) + "'";
    }
    if (value instanceof java.sql.Date date) {
      return "DATE '" + date.toLocalDate() + "'";
    }
    if (value instanceof LocalDate date) {
      return "DATE '" + date + "'";
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).toPlainString();
    }
    throw new IllegalArgumentException("an incremental column of type " + value.getClass().getName() + ": use a timestamp, date or number column");
  }
}

package dev.glueetl.records;

import static org.apache.spark.sql.functions.from_utc_timestamp;

import dev.glueetl.config.JdbcSourceConfig;
import dev.glueetl.config.RecordColumn;
import dev.glueetl.config.RecordTableConfig;
import dev.glueetl.error.Errors;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MetadataBuilder;

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

  static {
    // Spark 3.5 knows jdbc:mysql URLs only: a jdbc:mariadb URL got its generic dialect, whose "double-quoted"
    // identifiers MariaDB reads as string literals (MAX("updated_at") is the text 'updated_at').
    JdbcDialects.registerDialect(new MariaDbDialect());
  }

  /**
   * One read.
   *
   * @param rows the rows read (declared columns, database types), empty when nothing changed
   * @param label where the rows came from, for {@code source_file}: the table and the watermark read from
   * @param highMark the watermark to commit once the rows are in the lake; empty when nothing is to be committed
   */
  public record Read(Optional<Dataset<Row>> rows, String label, Optional<String> highMark) {}

  private JdbcRecords() {}

  /** The rows changed since {@code watermark} (all rows when it is empty or the table has no incremental column). */
  public static Read read(SparkSession spark, RecordTableConfig table, String password, Optional<String> watermark) {
    JdbcSourceConfig jdbc = table.jdbc().orElseThrow();
    JdbcDialect dialect = JdbcDialects.get(jdbc.url());
    Optional<RecordColumn> incremental = jdbc.incrementalColumn().flatMap(table::column);
    Optional<RecordColumn> split = jdbc.splitColumn().flatMap(table::column);
    String from = jdbc.table();

    List<String> selected = new ArrayList<>();
    for (RecordColumn column : table.columns()) {
      selected.add(dialect.quoteIdentifier(column.from()));
    }
    List<String> conditions = new ArrayList<>();
    Optional<String> high = Optional.empty();
    long[] bounds = null;
    List<String> wallClock = List.of();
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
      if (!ZoneId.systemDefault().normalized().equals(ZoneOffset.UTC)) {
        wallClock = wallClockColumns(connection, table, selected, from);
      }
    } catch (SQLException e) {
      throw Errors.sourceUnavailable(jdbc.displayUrl() + " table " + jdbc.table(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(password, "***"));
    }

    String query = "(SELECT " + String.join(", ", selected) + " FROM " + from + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + ") src";
    Properties properties = new Properties();
    properties.put("user", jdbc.user());
    properties.put("password", password);
    properties.put("fetchsize", String.valueOf(jdbc.fetchSize()));
    Dataset<Row> rows;
    try { // Spark asks the database for the query's schema here: a missing column or a refused read fails now, named
      rows =
          bounds != null && jdbc.partitions() > 1
              ? spark.read().jdbc(jdbc.url(), query, split.get().from(), bounds[0], bounds[1] + 1, jdbc.partitions(), properties)
              : spark.read().jdbc(jdbc.url(), query, properties);
    } catch (RuntimeException e) {
      throw Errors.sourceUnavailable(jdbc.displayUrl() + " table " + jdbc.table(), Errors.rootMessage(e).replace(password, "***"));
    }
    for (String column : wallClock) {
      // the driver read the wall-clock time as a time of this JVM's zone; turned back, the cast to text gives it as stored
      Column value = rows.col("`" + column.replace("`", "``") + "`");
      rows = rows.withColumn(column, from_utc_timestamp(value, ZoneId.systemDefault().getId()));
    }
    return new Read(Optional.of(rows), label(jdbc, watermark), high);
  }

  /**
   * The declared columns whose database type is a date and time without a zone (PostgreSQL {@code timestamp}, MySQL and
   * MariaDB {@code DATETIME} and {@code TIMESTAMP}). Their values are wall-clock times, which the driver turns into
   * instants in the JVM's time zone; from files the same text is read as UTC, so these must be too, wherever the job
   * runs. Zoned types ({@code timestamptz}) are instants already and keep their value. (A wall-clock time that does not
   * exist in the JVM's zone, in a spring-forward gap, is moved by the driver before Spark sees it: Glue runs in UTC.)
   */
  private static List<String> wallClockColumns(Connection connection, RecordTableConfig table, List<String> selected, String from) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT " + String.join(", ", selected) + " FROM " + from + " WHERE 1=0")) {
      ResultSetMetaData metadata = result.getMetaData();
      for (int i = 0; i < table.columns().size(); i++) {
        String typeName = String.valueOf(metadata.getColumnTypeName(i + 1)).toLowerCase(Locale.ROOT);
        boolean zoned = typeName.contains("tz") || typeName.contains("zone") || typeName.contains("offset");
        if (metadata.getColumnType(i + 1) == Types.TIMESTAMP && !zoned) {
          columns.add(table.columns().get(i).from());
        }
      }
    }
    return columns;
  }

  private static Connection connect(JdbcSourceConfig jdbc, String tableName, String password) {
    try {
      return DriverManager.getConnection(jdbc.url(), jdbc.user(), password);
    } catch (SQLException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(password, "***");
      throw Errors.sourceUnavailable(jdbc.displayUrl() + " (source.tables[" + tableName + "].jdbc, user " + jdbc.user() + ")", message);
    }
  }

  /**
   * MySQL's dialect for {@code jdbc:mariadb:} URLs (the MariaDB driver's own scheme): backquoted identifiers and
   * MySQL's type mapping. Registered on the driver, where Spark quotes the columns and partition clauses of a read.
   */
  static final class MariaDbDialect extends JdbcDialect {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean canHandle(String url) {
      return url.regionMatches(true, 0, "jdbc:mariadb:", 0, "jdbc:mariadb:".length());
    }

    @Override
    public String quoteIdentifier(String column) {
      return "`" + column.replace("`", "``") + "`";
    }

    @Override
    public scala.Option<DataType> getCatalystType(int sqlType, String typeName, int size, MetadataBuilder md) {
      return mysql().getCatalystType(sqlType, typeName, size, md);
    }

    private static JdbcDialect mysql() {
      return JdbcDialects.get("jdbc:mysql:");
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

package dev.glueetl.aggregate;

import static org.apache.spark.sql.functions.col;

import dev.glueetl.config.ExportConfig;
import dev.glueetl.config.MetricConfig;
import dev.glueetl.error.Errors;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Copies curated tables into a relational database, all tables in one transaction: a failure rolls everything back, so
 * the database is either as before or holds this run's rows. Per table, the rows of the replaced dates are deleted and
 * inserted again from the Delta table (a table new to the database is copied whole), so the database table equals the
 * Delta table row for row and a rerun never duplicates rows. Tables are created with a primary key on the metric's
 * key. The SQL is plain (CREATE TABLE, DELETE, batched INSERT) and runs on PostgreSQL and Redshift alike.
 */
public final class JdbcExport {
  /**
   * One curated table to export.
   *
   * @param rows the Delta table as this run left it
   * @param replaced the values of the metric's replace column this run recomputed
   */
  public record TableExport(MetricConfig metric, Dataset<Row> rows, TreeSet<LocalDate> replaced) {}

  private JdbcExport() {}

  public static Map<String, Long> export(ExportConfig config, String password, List<TableExport> tables, Consumer<String> progress) {
    String target = config.url().replaceAll("\\?.*", "") + " schema " + config.schema();
    Map<String, Long> written = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(config.url(), config.user(), password)) {
      connection.setAutoCommit(false);
      try {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE SCHEMA IF NOT EXISTS " + quote(config.schema()));
        }
        for (TableExport table : tables) {
          long started = System.nanoTime();
          long rows = exportTable(connection, config, table);
          written.put(table.metric().table(), rows);
          progress.accept(
              String.format(Locale.ROOT, "exported %s: %d rows (%.1f s)", table.metric().table(), rows, (System.nanoTime() - started) / 1e9));
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Errors.exportFailed(target, firstLine(e.getMessage()), e);
    }
    return written;
  }

  private static long exportTable(Connection connection, ExportConfig config, TableExport table) throws SQLException {
    MetricConfig metric = table.metric();
    String qualified = quote(config.schema()) + "." + quote(metric.table());
    StructType schema = table.rows().schema();
    boolean created = !exists(connection, config.schema(), metric.table());
    try (Statement statement = connection.createStatement()) {
      if (created) {
        statement.execute(createTable(qualified, schema, metric.key()));
      } else if (!table.replaced().isEmpty()) {
        statement.executeUpdate("DELETE FROM " + qualified + " WHERE " + quote(metric.replaceBy()) + " IN (" + dateList(table.replaced()) + ")");
      }
    }
    if (!created && table.replaced().isEmpty()) {
      return 0;
    }
    Dataset<Row> rows =
        created
            ? table.rows()
            : table.rows().where(col(metric.replaceBy()).isin(table.replaced().stream().map(java.sql.Date::valueOf).toArray()));
    String columns = java.util.Arrays.stream(schema.fieldNames()).map(JdbcExport::quote).collect(Collectors.joining(", "));
    String placeholders = java.util.Arrays.stream(schema.fieldNames()).map(n -> "?").collect(Collectors.joining(", "));
    long count = 0;
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + qualified + " (" + columns + ") VALUES (" + placeholders + ")")) {
      int pending = 0;
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
        Row row = it.next();
        for (int i = 0; i < row.length(); i++) {
          insert.setObject(i + 1, row.get(i));
        }
        insert.addBatch();
        count++;
        if (++pending == config.batchSize()) {
          insert.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
    return count;
  }

  private static boolean exists(Connection connection, String schema, String table) throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    for (String[] names : List.of(new String[] {schema, table}, new String[] {schema.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)})) {
      try (ResultSet tables = metadata.getTables(null, names[0], names[1], new String[] {"TABLE"})) {
        if (tables.next()) {
          return true;
        }
      }
    }
    return false;
  }

  static String createTable(String qualified, StructType schema, List<String> key) {
    List<String> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(quote(field.name()) + " " + sqlType(field.dataType()) + (key.contains(field.name()) ? " NOT NULL" : ""));
    }
    columns.add("PRIMARY KEY (" + key.stream().map(JdbcExport::quote).collect(Collectors.joining(", ")) + ")");
    return "CREATE TABLE " + qualified + " (" + String.join(", ", columns) + ")";
  }

  static String sqlType(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return "VARCHAR(65535)";
    } else if (type.equals(DataTypes.DateType)) {
      return "DATE";
    } else if (type.equals(DataTypes.TimestampType)) {
      return "TIMESTAMP";
    } else if (type.equals(DataTypes.LongType)) {
      return "BIGINT";
    } else if (type.equals(DataTypes.IntegerType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType)) {
      return "INTEGER";
    } else if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      return "DOUBLE PRECISION";
    } else if (type.equals(DataTypes.BooleanType)) {
      return "BOOLEAN";
    } else if (type instanceof DecimalType decimal) {
      return "NUMERIC(" + decimal.precision() + "," + decimal.scale() + ")";
    }
    throw new IllegalArgumentException("cannot export a column of type " + type.simpleString() + ": cast it in the metric's query");
  }

  private static String dateList(TreeSet<LocalDate> dates) {
    return dates.stream().map(d -> "DATE '" + d + "'").collect(Collectors.joining(", "));
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

package dev.glueetl.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;

/** Prints query results to the console as an aligned table, CSV (RFC 4180) or JSON lines. */
final class ResultPrinter {
  enum Format {
    TABLE,
    CSV,
    JSON
  }

  private ResultPrinter() {}

  /** Prints up to {@code limit} rows; CSV and JSON stream rows instead of collecting them. */
  static long print(Dataset<Row> result, Format format, int limit, PrintStream out) {
    Dataset<Row> limited = format == Format.JSON ? result.limit(limit) : asText(result.limit(limit));
    switch (format) {
      case CSV:
        {
          out.println(csvLine(List.of(result.columns())));
          long rows = 0;
          for (Iterator<Row> it = limited.toLocalIterator(); it.hasNext(); rows++) {
            Row row = it.next();
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
              cells.add(row.isNullAt(i) ? "" : String.valueOf(row.get(i)));
            }
            out.println(csvLine(cells));
          }
          return rows;
        }
      case JSON:
        {
          long rows = 0;
          for (Iterator<String> it = limited.toJSON().toLocalIterator(); it.hasNext(); rows++) {
            out.println(it.next());
          }
          return rows;
        }
      default:
        return printTable(limited, out);
    }
  }

  private static long printTable(Dataset<Row> result, PrintStream out) {
    String[] columns = result.columns();
    List<String[]> rows = new ArrayList<>();
    for (Row row : result.collectAsList()) {
      String[] cells = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        cells[i] = row.isNullAt(i) ? "NULL" : String.valueOf(row.get(i));
      }
      rows.add(cells);
    }
    int[] widths = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      widths[i] = columns[i].length();
      for (String[] cells : rows) {
        widths[i] = Math.max(widths[i], cells[i].length());
      }
    }
    out.println(line(columns, widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.println(rule);
    for (String[] cells : rows) {
      out.println(line(cells, widths));
    }
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    return rows.size();
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", cells[i]));
    }
    return line.toString().stripTrailing();
  }

  /** Timestamps and dates as Spark prints them ({@code 2021-08-25 09:00:00}), maps and structs as JSON. */
  private static Dataset<Row> asText(Dataset<Row> result) {
    Column[] columns = new Column[result.columns().length];
    for (int i = 0; i < columns.length; i++) {
      StructField field = result.schema().fields()[i];
      Column column = result.col("`" + field.name() + "`");
      boolean temporal = field.dataType() instanceof TimestampType || field.dataType() instanceof DateType;
      boolean nested = field.dataType() instanceof org.apache.spark.sql.types.MapType
          || field.dataType() instanceof org.apache.spark.sql.types.StructType
          || field.dataType() instanceof org.apache.spark.sql.types.ArrayType;
      columns[i] = temporal ? column.cast("string").as(field.name()) : nested ? org.apache.spark.sql.functions.to_json(column).as(field.name()) : column;
    }
    return result.select(columns);
  }

  static String csvLine(List<String> cells) {
    List<String> quoted = new ArrayList<>();
    for (String cell : cells) {
      boolean needsQuotes = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
      quoted.add(needsQuotes ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
    }
    return String.join(",", quoted);
  }
}

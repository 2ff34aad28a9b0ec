package dev.glueetl.orders;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.glueetl.config.HeaderMode;
import dev.glueetl.config.SourceConfig;
import dev.glueetl.conform.Texts;
import dev.glueetl.error.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads point-of-sale CSV files into one row per physical line, with the line number, and decides per file whether its
 * first line is a header. Each file is read whole (a store's day is small), split on LF, CRLF or CR, and each line is
 * parsed with {@code from_csv} into up to {@value #MAX_COLUMNS} text cells.
 *
 * <pre>
 * source_file                          source_row  kind    line                                  cells
 * chesterfield_26-08-2021_09-00-00.csv 1           HEADER  Date, Location, Customer Name, ...    [Date, Location, ...]
 * chesterfield_26-08-2021_09-00-00.csv 2           DATA    2021-08-26 09:05:00,Chesterfield,...  [2021-08-26 09:05:00, ...]
 * york_26-08-2021_09-00-00.csv         6           BLANK   " "                                   [NULL, ...]
 * </pre>
 *
 * It adds, per canonical field, the 1-based cell position holding it in that file ({@code pos_<field>}, 0 when the
 * file has none): from the header names for a file with a header, from the positional names {@code _c0}... otherwise;
 * {@code cell_count}, the cells of the line (separators outside quotes, plus one), and {@code layout_width}, the cells
 * its file's lines should have: the header's cell count, or the mapping's highest position for a file without header
 * (0 when the mapping has no positional names).
 *
 * <p>Files are decoded with {@code source.encoding} (bytes invalid in it become U+FFFD) and a leading byte-order mark is
 * dropped. A line of blanks, separators and quotes only ({@code ,,,,,}, as spreadsheets write empty rows) is BLANK.
 */
public final class OrderLanding {
  public static final String DATA = "DATA";
  public static final String HEADER = "HEADER";
  public static final String BLANK = "BLANK";
  static final int MAX_COLUMNS = 32;
  private static final String LINE_BREAK = "\r\n|\r|\n";


  private OrderLanding() {}

  /** Every line of every file of {@code source.path}. */
  public static Dataset<Row> read(SparkSession spark, SourceConfig source) {
    return lines(source, files(spark, source, List.of(source.path())));
  }

  /**
   * Whole files ({@code files}: paths or globs), one row each: {@code value} (decoded text), {@code source_file} (the
   * file's full path) and {@code content_md5} (of its bytes as stored, to tell a file delivered twice under two names).
   */
  public static Dataset<Row> files(SparkSession spark, SourceConfig source, List<String> files) {
    try {
      Dataset<Row> whole = spark.read().option("wholetext", "true").text(files.toArray(new String[0]));
      return whole.select(
          decoded(col("value"), source).as("value"), col("_metadata.file_path").as("source_file"), md5(col("value").cast("binary")).as("content_md5"));
    } catch (Exception e) {
      if (e instanceof AnalysisException && (e.getMessage().contains("PATH_NOT_FOUND") || e.getMessage().contains("Path does not exist"))) {
        throw Errors.inputNotFound(source.path(), "source.path or --input");
      }
      throw Errors.rethrow(e);
    }
  }

  /**
   * Text read by Spark's text source, decoded with the source's encoding. That source keeps a file's bytes as they are,
   * so casting to binary gives them back unchanged; a byte-order mark at the start is dropped.
   */
  public static Column decoded(Column text, SourceConfig source) {
    return regexp_replace(decode(text.cast("binary"), source.encoding().name()), "^\uFEFF", "");
  }

  /** From whole files ({@code value}, {@code source_file}) to classified, parsed lines. */
  static Dataset<Row> lines(SourceConfig source, Dataset<Row> files) {
    Map<String, String> csvOptions = new HashMap<>(source.options());
    csvOptions.putIfAbsent("ignoreLeadingWhiteSpace", "true");
    csvOptions.putIfAbsent("mode", "PERMISSIVE");
    // a quote inside a quoted cell is written twice (RFC 4180, every spreadsheet), not after a backslash (Spark's default)
    csvOptions.putIfAbsent("escape", "\"");
    StructType cellSchema = new StructType();
    for (int i = 0; i < MAX_COLUMNS; i++) {
      cellSchema = cellSchema.add("_c" + i, StringType);
    }
    final StructType schema = cellSchema;
    String separator = source.csvSeparator();
    java.util.function.Function<Column, Column> cells =
        text -> {
          Column parsed = from_csv(text, lit(schema.toDDL()), csvOptions);
          Column[] items = new Column[MAX_COLUMNS];
          for (int i = 0; i < MAX_COLUMNS; i++) {
            items[i] = parsed.getField("_c" + i);
          }
          return array(items);
        };

    Column allLines = split(col("value"), LINE_BREAK);
    Column headerCells = transform(cells.apply(element_at(allLines, 1)), c -> lower(trim(c, Texts.BLANKS)));
    Column hasHeader =
        switch (source.header()) {
          case TRUE -> lit(true);
          case FALSE -> lit(false);
          default -> headerNames(source).isEmpty() ? lit(false) : arrays_overlap(headerCells, array(headerNames(source).stream().map(n -> lit(n)).toArray(Column[]::new)));
        };

    Dataset<Row> withHeader =
        files.select(
            col("source_file"),
            allLines.as("lines"),
            size(allLines).as("line_count"),
            hasHeader.as("has_header"),
            when(hasHeader, cellCount(element_at(allLines, 1), separator)).otherwise(lit(positionalWidth(source))).as("layout_width"),
            headerCells.as("header_cells"));
    Dataset<Row> exploded =
        withHeader
            .select(col("*"), posexplode(col("lines")).as(new String[] {"pos", "line"}))
            .drop("lines")
            // the empty string after a file's final line break is not a line
            .filter(col("pos").lt(col("line_count").minus(1)).or(col("line").notEqual(lit(""))));

    List<Column> output = new ArrayList<>();
    output.add(col("source_file"));
    output.add(col("pos").plus(1).cast("int").as("source_row"));
    output.add(col("line"));
    output.add(
        when(col("pos").equalTo(0).and(col("has_header")), lit(HEADER))
            .when(trim(regexp_replace(col("line"), Pattern.quote(separator) + "|\"", ""), Texts.BLANKS).equalTo(""), lit(BLANK))
            .otherwise(lit(DATA))
            .as("kind"));
    output.add(cells.apply(col("line")).as("cells"));
    output.add(cellCount(col("line"), separator).as("cell_count"));
    output.add(col("layout_width"));
    for (Map.Entry<String, Column> position : positions(source).entrySet()) {
      output.add(position.getValue().as("pos_" + position.getKey()));
    }
    return exploded.select(output.toArray(new Column[0]));
  }

  /**
   * The line without its quoted cells (a quote at a cell's start to the matching quote at its end, doubled quotes
   * inside): what is left holds only the separators that separate, and a quote left in it is a stray one.
   */
  static Column withoutQuotedCells(Column line, String separator) {
    String sep = Pattern.quote(separator);
    return regexp_replace(line, "(?<=^|" + sep + ")[ \\t]*\"(?:[^\"]|\"\")*\"[ \\t]*(?=" + sep + "|$)", "");
  }

  /** The cells of a CSV line: its separators outside quoted cells, plus one. */
  static Column cellCount(Column line, String separator) {
    return size(split(withoutQuotedCells(line, separator), Pattern.quote(separator), -1));
  }

  /** The cells a line without header should have: the highest positional name of the mapping ({@code _c6}: 7). */
  private static int positionalWidth(SourceConfig source) {
    int width = 0;
    for (List<String> columns : source.fields().values()) {
      for (String column : columns) {
        if (column.matches("_c\\d+")) {
          width = Math.max(width, Integer.parseInt(column.substring(2)) + 1);
        }
      }
    }
    return width;
  }

  /** Per canonical field, the cell position (1-based, 0 = none) in the current file. */
  private static Map<String, Column> positions(SourceConfig source) {
    Map<String, Column> positions = new LinkedHashMap<>();
    List<String> fields = new ArrayList<>(source.type().requiredFields());
    fields.addAll(source.type().optionalFields());
    for (String field : fields) {
      Column fromHeader = lit(0);
      Column positional = lit(0);
      List<String> candidates = new ArrayList<>(source.columnsOf(field));
      java.util.Collections.reverse(candidates); // built inside out, so the first candidate wins
      for (String candidate : candidates) {
        if (candidate.matches("_c\\d+")) {
          positional = lit(Integer.parseInt(candidate.substring(2)) + 1);
        } else {
          Column found = array_position(col("header_cells"), candidate.trim().toLowerCase(Locale.ROOT)).cast("int");
          fromHeader = when(found.gt(0), found).otherwise(fromHeader);
        }
      }
      positions.put(field, when(col("has_header"), fromHeader).otherwise(positional));
    }
    return positions;
  }

  /** The mapped column names that are not positional: a first line holding one of them is a header. */
  static List<String> headerNames(SourceConfig source) {
    List<String> names = new ArrayList<>();
    source.fields().values().forEach(columns -> columns.stream().filter(c -> !c.matches("_c\\d+")).map(c -> c.trim().toLowerCase(Locale.ROOT)).forEach(names::add));
    return names;
  }

  /** The cell of a canonical field in the current line, cleaned; NULL when the file has no such column. */
  public static Column field(String canonical) {
    Column position = col("pos_" + canonical);
    return Texts.clean(when(position.gt(0), element_at(col("cells"), position)));
  }

  static HeaderMode mode(SourceConfig source) {
    return source.header();
  }
}

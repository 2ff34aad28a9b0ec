package dev.glueetl.records;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.glueetl.config.RecordColumn;
import dev.glueetl.config.RecordTableConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.landing.LandingFiles.LandingFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the landing files of a {@code records} table into raw records: one text column {@code _raw_<column>} per
 * declared column (NULL when the file has no such column), whether the record is malformed, the record as read
 * ({@code raw_record}: declared columns only, so undeclared personal columns never leave the landing zone), and where
 * it came from ({@code source_file}, {@code _file_order}, {@code _position}).
 *
 * <p>CSV files are matched to the declared columns by each file's own header, so files with columns in another order,
 * or with a column added (a new date in a wide layout), are read right: files are grouped by header line and each group
 * is read with a schema of its own header, all text. JSON lines are read with a schema of the declared source columns,
 * all text. Parquet files bring their own types, turned into text so that every source is typed the same way.
 */
public final class RecordLanding {
  static final String CORRUPT = "_corrupt_record";
  /** A file source's own column naming each record's file as the listing and the bookmark name it (Hadoop's Path form). */
  private static final String FILE_PATH = "_metadata.file_path";

  private RecordLanding() {}

  /** The raw records of {@code files}, the earliest file (by modification time, then path) first. */
  public static Dataset<Row> files(SparkSession spark, RecordTableConfig table, List<LandingFile> files) {
    List<LandingFile> ordered = new ArrayList<>(files);
    ordered.sort((a, b) -> a.modifiedAt() != b.modifiedAt() ? Long.compare(a.modifiedAt(), b.modifiedAt()) : a.path().compareTo(b.path()));
    Dataset<Row> raw =
        switch (table.format()) {
          case CSV -> csv(spark, table, ordered);
          case JSON -> json(spark, table, ordered);
          case PARQUET -> parquet(spark, table, ordered);
        };
    return withFileOrder(spark, raw, ordered);
  }

  /**
   * Raw records from rows already read (a database table): every declared column as text; {@code sourceLabel} names
   * where they came from.
   */
  public static Dataset<Row> rows(RecordTableConfig table, Dataset<Row> rows, String sourceLabel) {
    List<Column> columns = new ArrayList<>();
    for (RecordColumn column : table.columns()) {
      columns.add(col(column.from()).cast(DataTypes.StringType).as(ConformRecords.raw(column.name())));
    }
    columns.add(lit(false).as("_malformed"));
    columns.add(lit(null).cast(DataTypes.StringType).as("_malformed_detail"));
    columns.add(lit(sourceLabel).as("source_file"));
    columns.add(lit(0).as("_file_order"));
    return withRawRecord(table, rows.select(columns.toArray(new Column[0])).withColumn("_position", monotonically_increasing_id()));
  }

  private static Dataset<Row> csv(SparkSession spark, RecordTableConfig table, List<LandingFile> files) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String separator = table.options().getOrDefault("sep", table.options().getOrDefault("delimiter", ","));
    Charset charset = Charset.forName(table.options().getOrDefault("encoding", table.options().getOrDefault("charset", "UTF-8")));
    Map<List<String>, List<String>> byHeader = new LinkedHashMap<>();
    for (LandingFile file : files) {
      List<String> header = header(hadoop, file.path(), separator, charset, table.header());
      if (!header.isEmpty()) { // an empty file has no records
        byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(file.path());
      }
    }
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> group : byHeader.entrySet()) {
      StructType schema = new StructType();
      for (String name : group.getKey()) {
        schema = schema.add(name, DataTypes.StringType);
      }
      schema = schema.add(CORRUPT, DataTypes.StringType);
      Dataset<Row> read =
          spark.read()
              .options(table.options())
              .option("header", table.header())
              .option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", CORRUPT)
              .schema(schema)
              .csv(group.getValue().toArray(new String[0]));
      read = read.withColumn("source_file", col(FILE_PATH));
      List<String> available = new ArrayList<>(group.getKey());
      if (table.unpivot().isPresent()) {
        RecordTableConfig.Unpivot unpivot = table.unpivot().get();
        List<Column> ids = new ArrayList<>();
        List<Column> values = new ArrayList<>();
        for (String name : group.getKey()) {
          (unpivot.keep().contains(name) ? ids : values).add(col(quoted(name)));
        }
        ids.add(col(CORRUPT));
        ids.add(col("source_file"));
        if (values.isEmpty()) {
          continue; // a wide file with no value columns has no records
        }
        read = read.unpivot(ids.toArray(new Column[0]), values.toArray(new Column[0]), unpivot.name(), unpivot.value());
        available = new ArrayList<>(unpivot.keep().stream().filter(group.getKey()::contains).toList());
        available.add(unpivot.name());
        available.add(unpivot.value());
      }
      Dataset<Row> raw = declared(table, read, available, "header has " + group.getKey().size() + " columns");
      all = all == null ? raw : all.unionByName(raw);
    }
    return all != null ? all : empty(spark, table);
  }

  private static Dataset<Row> json(SparkSession spark, RecordTableConfig table, List<LandingFile> files) {
    StructType schema = new StructType();
    List<String> names = new ArrayList<>();
    for (RecordColumn column : table.columns()) {
      if (!names.contains(column.from())) {
        names.add(column.from());
        schema = schema.add(column.from(), DataTypes.StringType);
      }
    }
    schema = schema.add(CORRUPT, DataTypes.StringType);
    Dataset<Row> read =
        spark.read()
            .options(table.options())
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT)
            .schema(schema)
            .json(files.stream().map(LandingFile::path).toArray(String[]::new))
            .withColumn("source_file", col(FILE_PATH));
    return declared(table, read, names, "not a JSON object");
  }

  private static Dataset<Row> parquet(SparkSession spark, RecordTableConfig table, List<LandingFile> files) {
    Dataset<Row> read =
        spark.read().options(table.options()).option("mergeSchema", "true").parquet(files.stream().map(LandingFile::path).toArray(String[]::new));
    List<String> available = Arrays.asList(read.columns());
    read = read.withColumn(CORRUPT, lit(null).cast(DataTypes.StringType)).withColumn("source_file", col(FILE_PATH));
    return declared(table, read, available, "");
  }

  /** The declared columns of {@code read} as text, NULL where {@code available} has no such column. */
  private static Dataset<Row> declared(RecordTableConfig table, Dataset<Row> read, List<String> available, String malformedDetail) {
    List<Column> columns = new ArrayList<>();
    for (RecordColumn column : table.columns()) {
      Column value = available.contains(column.from()) ? col(quoted(column.from())).cast(DataTypes.StringType) : lit(null).cast(DataTypes.StringType);
      columns.add(value.as(ConformRecords.raw(column.name())));
    }
    columns.add(col(CORRUPT).isNotNull().as("_malformed"));
    columns.add(lit(malformedDetail).as("_malformed_detail"));
    columns.add(col("source_file"));
    return withRawRecord(table, read.select(columns.toArray(new Column[0])));
  }

  private static Dataset<Row> withRawRecord(RecordTableConfig table, Dataset<Row> raw) {
    Column[] fields = table.columns().stream().map(c -> col(ConformRecords.raw(c.name())).as(c.from())).toArray(Column[]::new);
    return raw.withColumn("raw_record", to_json(struct(fields)));
  }

  /** Each record's file rank (earliest first) and a position that grows along a file. */
  private static Dataset<Row> withFileOrder(SparkSession spark, Dataset<Row> raw, List<LandingFile> ordered) {
    List<Row> ranks = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      ranks.add(RowFactory.create(ordered.get(i).path(), i));
    }
    StructType schema = new StructType().add("_file", DataTypes.StringType).add("_file_order", DataTypes.IntegerType);
    Dataset<Row> order = spark.createDataFrame(ranks, schema);
    return raw.withColumn("_position", monotonically_increasing_id())
        .join(broadcast(order), col("source_file").equalTo(col("_file")), "left")
        .drop("_file");
  }

  private static Dataset<Row> empty(SparkSession spark, RecordTableConfig table) {
    StructType schema = new StructType();
    for (RecordColumn column : table.columns()) {
      schema = schema.add(ConformRecords.raw(column.name()), DataTypes.StringType);
    }
    schema = schema.add("_malformed", DataTypes.BooleanType).add("_malformed_detail", DataTypes.StringType).add("source_file", DataTypes.StringType);
    return withRawRecord(table, spark.createDataFrame(List.of(), schema));
  }

  /** A column name as {@code col()} takes it: dots and backticks in headers are not paths. */
  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /**
   * The column names of a CSV file: its header cells (quotes removed, blank or repeated names made {@code _cN}), or
   * {@code _c0, _c1, ...} for the cells of its first line when files have no header; empty for an empty file.
   */
  static List<String> header(Configuration hadoop, String file, String separator, Charset charset, boolean hasHeader) {
    String line;
    try {
      Path path = new Path(file);
      FileSystem fs = path.getFileSystem(hadoop);
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(path), charset))) {
        line = reader.readLine();
        while (line != null && line.isBlank()) {
          line = reader.readLine();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the header of " + file, e);
    }
    if (line == null) {
      return List.of();
    }
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    List<String> cells = cells(line, separator);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String name = cells.get(i).trim();
      names.add(!hasHeader || name.isEmpty() || names.contains(name) ? "_c" + i : name);
    }
    if (names.isEmpty()) {
      throw Errors.inputNotFound(file, "a CSV header");
    }
    return List.copyOf(names);
  }

  /** The cells of one CSV line: separators inside double quotes do not split, doubled quotes are one quote. */
  static List<String> cells(String line, String separator) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && line.startsWith(separator, i)) {
        cells.add(cell.toString());
        cell.setLength(0);
        i += separator.length() - 1;
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}

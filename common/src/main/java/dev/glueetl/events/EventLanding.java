package dev.glueetl.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.rtrim;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.glueetl.config.SourceConfig;
import dev.glueetl.conform.CsvHeaders;
import dev.glueetl.conform.JsonPaths;
import dev.glueetl.conform.Texts;
import dev.glueetl.error.Errors;
import dev.glueetl.spark.SourceFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads landing event files into one row per record, without inferring a schema over the input:
 *
 * <pre>
 * raw_record   the record as received (for JSON lines: the line)
 * record       struct of the mapped source paths, all text; NULL when the line is not JSON
 * payload      JSON text of the object at source.payload (NULL when not configured)
 * source_file  the file the record came from
 * status       OK, BLANK (an empty or whitespace-only line, a CSV row of separators) or INVALID_JSON
 * problem      for INVALID_JSON: what is wrong with the line
 * </pre>
 *
 * JSON lines are read as text and parsed with {@code from_json} against a schema derived from the field mapping, so a
 * malformed line keeps its exact text for the quarantine. Text is decoded with {@code source.encoding}; a byte-order
 * mark at the start of a file is dropped.
 *
 * <p>CSV files are mapped by the names in each file's own header, so files whose columns come in different orders (or
 * that lack some optional columns) can share one landing folder: the files are grouped by header and each group is read
 * with its own schema.
 */
public final class EventLanding {
  public static final String OK = "OK";
  public static final String BLANK = "BLANK";
  public static final String INVALID_JSON = "INVALID_JSON";
  private static final String CORRUPT = "_corrupt_record";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventLanding.class);
  private static final String BOM = "\uFEFF";
  /**
   * A second object right after the first ({@code {...}{"a":...}}, two records whose line break was lost): Spark's
   * parser would read the first and silently drop the second. Inside a JSON string a quote is escaped, so {@code }{"}
   * followed by a key and a colon only occurs between two objects.
   */
  private static final String SECOND_OBJECT = "\\}\\s*\\{\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*:";

  private EventLanding() {}

  /** Every file of {@code source.path}. */
  public static Dataset<Row> read(SparkSession spark, SourceConfig source) {
    return read(spark, source, Optional.empty());
  }

  /** Exactly {@code files} (full paths, as the bookmark lists them), mapped as {@code source} says. */
  public static Dataset<Row> read(SparkSession spark, SourceConfig source, List<String> files) {
    return read(spark, source, Optional.of(files));
  }

  private static Dataset<Row> read(SparkSession spark, SourceConfig source, Optional<List<String>> files) {
    String[] paths = files.map(f -> f.toArray(new String[0])).orElse(new String[] {source.path()});
    try {
      switch (source.format()) {
        case JSON:
          return readJsonLines(spark, source, paths);
        case CSV:
          return readCsv(spark, source, files.orElseGet(() -> SourceFiles.of(spark.read().text(source.path()))));
        default:
          return readTabular(spark.read().options(source.options()).parquet(paths), source);
      }
    } catch (Exception e) {
      // Scala code throws the checked AnalysisException without declaring it: catch broadly, test the type.
      if (e instanceof AnalysisException
          && (e.getMessage().contains("PATH_NOT_FOUND") || e.getMessage().contains("Path does not exist"))) {
        throw Errors.inputNotFound(source.path(), "source.path or --input");
      }
      throw Errors.rethrow(e);
    }
  }

  /** The read schema of the JSON record: every mapped path as text. */
  static StructType jsonRecordSchema(SourceConfig source) {
    List<String> paths = new ArrayList<>();
    source.fields().values().forEach(paths::addAll);
    return JsonPaths.schemaOf(paths);
  }

  private static Dataset<Row> readJsonLines(SparkSession spark, SourceConfig source, String[] paths) {
    Map<String, String> parseOptions = new HashMap<>(source.options());
    parseOptions.put("mode", "PERMISSIVE");
    parseOptions.put("columnNameOfCorruptRecord", CORRUPT);
    StructType schema = jsonRecordSchema(source).add(CORRUPT, StringType);
    Dataset<Row> lines = spark.read().text(paths);
    Column raw = col("raw_text");
    Column parsed = from_json(raw, schema, parseOptions);
    Column payload = source.payload().map(path -> get_json_object(raw, "$." + path)).orElse(lit(null).cast(StringType));
    Column trimmed = rtrim(col("raw_record"), Texts.BLANKS);
    Column problem =
        when(col("record").isNull().or(col("record." + CORRUPT).isNotNull()), lit("not a JSON object"))
            .when(not(trimmed.endsWith("}")), lit("text after the JSON object"))
            .when(trimmed.rlike(SECOND_OBJECT), lit("two JSON objects on one line"));
    return lines
        .select(text(col("value"), source).as("raw_text"), col("_metadata.file_path").as("source_file"))
        .select(
            raw.as("raw_record"),
            parsed.as("record"),
            payload.as("payload"),
            col("source_file"))
        .withColumn("problem", when(trim(col("raw_record"), Texts.BLANKS).notEqual(""), problem))
        .withColumn(
            "status",
            when(trim(col("raw_record"), Texts.BLANKS).equalTo(""), lit(BLANK))
                .when(col("problem").isNotNull(), lit(INVALID_JSON))
                .otherwise(lit(OK)));
  }

  /**
   * A line of Spark's text source as text in the source's encoding. That source keeps the bytes as they are: UTF-8
   * input needs no decoding (only a leading byte-order mark is dropped), any other encoding is decoded from them.
   */
  private static Column text(Column value, SourceConfig source) {
    Column decoded = source.encoding().equals(StandardCharsets.UTF_8) ? value : decode(value.cast("binary"), source.encoding().name());
    return when(decoded.startsWith(BOM), decoded.substr(2, Integer.MAX_VALUE)).otherwise(decoded);
  }

  /**
   * CSV files, each mapped by its own header: files are grouped by their header line (read from the file's start), and
   * each group is read with Spark's CSV reader under a schema of positional names, then mapped by header name (trimmed,
   * case-insensitive) onto {@code record}, which holds every mapped column that some file has. An empty file has no
   * records; a header-only file has none either.
   */
  private static Dataset<Row> readCsv(SparkSession spark, SourceConfig source, List<String> files) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<List<String>, List<String>> filesByHeader = new LinkedHashMap<>();
    for (String file : files) {
      CsvHeaders.firstLine(file, source.encoding(), hadoop)
          .ifPresent(line -> filesByHeader.computeIfAbsent(CsvHeaders.cells(line, source.csvSeparator()), h -> new ArrayList<>()).add(file));
    }
    Set<String> mapped = new LinkedHashSet<>();
    source.fields().values().forEach(mapped::addAll);
    Set<String> present = new LinkedHashSet<>();
    filesByHeader.keySet().forEach(header -> mapped.stream().filter(m -> indexOf(header, m) >= 0).forEach(present::add));
    for (String required : source.type().requiredFields()) {
      if (!filesByHeader.isEmpty() && source.columnsOf(required).stream().noneMatch(present::contains)) {
        Set<String> columns = new LinkedHashSet<>();
        filesByHeader.keySet().forEach(columns::addAll);
        throw Errors.schemaMismatch(
            "input " + source.path(),
            String.join(" or ", source.columnsOf(required)),
            "a column holding " + required + " (source.fields." + required + ")",
            "columns " + String.join(", ", columns));
      }
    }
    List<Dataset<Row>> groups = new ArrayList<>();
    for (Map.Entry<List<String>, List<String>> group : filesByHeader.entrySet()) {
      groups.add(readCsvGroup(spark, source, group.getKey(), group.getValue(), List.copyOf(present)));
    }
    if (groups.isEmpty()) {
      // only empty files: no records, but the columns every later step expects
      StructType record = new StructType();
      for (String name : present.isEmpty() ? mapped : present) {
        record = record.add(name, StringType);
      }
      StructType schema =
          new StructType().add("raw_record", StringType).add("record", record).add("payload", StringType).add("source_file", StringType)
              .add("problem", StringType).add("status", StringType);
      return spark.createDataFrame(List.of(), schema);
    }
    Dataset<Row> all = groups.get(0);
    for (Dataset<Row> next : groups.subList(1, groups.size())) {
      all = all.unionByName(next);
    }
    return all;
  }

  private static Dataset<Row> readCsvGroup(SparkSession spark, SourceConfig source, List<String> header, List<String> files, List<String> present) {
    StructType positional = new StructType();
    for (int i = 0; i < header.size(); i++) {
      positional = positional.add("_c" + i, StringType);
    }
    Dataset<Row> rows =
        spark.read()
            .options(source.options())
            .option("header", "true")
            .option("encoding", source.encoding().name())
            .schema(positional)
            .csv(files.toArray(new String[0]));
    Column[] named = new Column[header.size()];
    Column allEmpty = lit(true);
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).isEmpty() ? "_c" + i : header.get(i);
      named[i] = col("_c" + i).as(name);
      allEmpty = allEmpty.and(Texts.clean(col("_c" + i)).isNull());
    }
    List<Column> recordFields = new ArrayList<>();
    for (String name : present) {
      int index = indexOf(header, name);
      recordFields.add((index >= 0 ? col("_c" + index) : lit(null).cast(StringType)).as(name));
    }
    for (String required : source.type().requiredFields()) {
      if (source.columnsOf(required).stream().noneMatch(c -> indexOf(header, c) >= 0)) {
        LOG.warn("no column for {} (source.fields.{}: {}) in the header of {}: their records are quarantined as MISSING_FIELD",
            required, required, source.columnsOf(required), files);
      }
    }
    Column payload = lit(null).cast(StringType);
    if (source.payload().isPresent() && indexOf(header, source.payload().get()) >= 0) {
      payload = col("_c" + indexOf(header, source.payload().get()));
    }
    return rows.select(
        to_json(struct(named)).as("raw_record"),
        struct(recordFields.toArray(new Column[0])).as("record"),
        payload.as("payload"),
        col("_metadata.file_path").as("source_file"),
        lit(null).cast(StringType).as("problem"),
        when(allEmpty, lit(BLANK)).otherwise(lit(OK)).as("status"));
  }

  /** The position of {@code name} in a header, compared trimmed and case-insensitively; -1 when absent. */
  private static int indexOf(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).trim().equalsIgnoreCase(name.trim())) {
        return i;
      }
    }
    return -1;
  }

  private static Dataset<Row> readTabular(Dataset<Row> table, SourceConfig source) {
    Column record = struct(java.util.Arrays.stream(table.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
    Dataset<Row> records = table.select(record.as("record"), col("_metadata.file_path").as("source_file"));
    Column payload =
        source.payload().map(path -> asJsonText(records, JsonPaths.at(col("record"), path))).orElse(lit(null).cast(StringType));
    return records.select(
        to_json(col("record")).as("raw_record"), col("record"), payload.as("payload"), col("source_file"),
        lit(null).cast(StringType).as("problem"), lit(OK).as("status"));
  }

  /** An object, map or array as JSON text; a plain value as its text. */
  private static Column asJsonText(Dataset<Row> records, Column value) {
    DataType type = records.select(value).schema().fields()[0].dataType();
    boolean nested = type instanceof StructType || type instanceof MapType || type instanceof ArrayType;
    return nested ? to_json(value) : value.cast(StringType);
  }
}

package dev.glueetl.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.glueetl.config.SourceConfig;
import dev.glueetl.conform.JsonPaths;
import dev.glueetl.conform.Texts;
import dev.glueetl.error.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * status       OK, BLANK (an empty or whitespace-only line) or INVALID_JSON
 * </pre>
 *
 * JSON lines are read as text and parsed with {@code from_json} against a schema derived from the field mapping, so a
 * malformed line keeps its exact text for the quarantine.
 */
public final class EventLanding {
  public static final String OK = "OK";
  public static final String BLANK = "BLANK";
  public static final String INVALID_JSON = "INVALID_JSON";
  private static final String CORRUPT = "_corrupt_record";

  private EventLanding() {}

  public static Dataset<Row> read(SparkSession spark, SourceConfig source) {
    try {
      switch (source.format()) {
        case JSON:
          return readJsonLines(spark, source);
        case CSV:
          return readTabular(spark.read().option("header", "true").options(source.options()).csv(source.path()), source);
        default:
          return readTabular(spark.read().options(source.options()).parquet(source.path()), source);
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

  private static Dataset<Row> readJsonLines(SparkSession spark, SourceConfig source) {
    Map<String, String> parseOptions = new HashMap<>(source.options());
    parseOptions.put("mode", "PERMISSIVE");
    parseOptions.put("columnNameOfCorruptRecord", CORRUPT);
    StructType schema = jsonRecordSchema(source).add(CORRUPT, StringType);
    Dataset<Row> lines = spark.read().text(source.path());
    Column raw = col("value");
    Column parsed = from_json(raw, schema, parseOptions);
    Column payload = source.payload().map(path -> get_json_object(raw, "$." + path)).orElse(lit(null).cast(StringType));
    return lines
        .select(
            raw.as("raw_record"),
            parsed.as("record"),
            payload.as("payload"),
            col("_metadata.file_path").as("source_file"))
        .withColumn(
            "status",
            when(trim(col("raw_record"), Texts.BLANKS).equalTo(""), lit(BLANK))
                .when(col("record").isNull().or(col("record." + CORRUPT).isNotNull()), lit(INVALID_JSON))
                .otherwise(lit(OK)));
  }

  private static Dataset<Row> readTabular(Dataset<Row> table, SourceConfig source) {
    Column record = struct(java.util.Arrays.stream(table.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
    Dataset<Row> records = table.select(record.as("record"), col("_metadata.file_path").as("source_file"));
    Column payload =
        source.payload().map(path -> asJsonText(records, JsonPaths.at(col("record"), path))).orElse(lit(null).cast(StringType));
    return records.select(
        to_json(col("record")).as("raw_record"), col("record"), payload.as("payload"), col("source_file"), lit(OK).as("status"));
  }

  /** An object, map or array as JSON text; a plain value as its text. */
  private static Column asJsonText(Dataset<Row> records, Column value) {
    DataType type = records.select(value).schema().fields()[0].dataType();
    boolean nested = type instanceof StructType || type instanceof MapType || type instanceof ArrayType;
    return nested ? to_json(value) : value.cast(StringType);
  }
}

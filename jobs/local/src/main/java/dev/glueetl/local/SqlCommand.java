package dev.glueetl.local;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.LakeCatalog;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./glue-etl sql "<query>"}: Spark SQL over the lake's tables, by catalog name. */
@Command(
    name = "sql",
    sortOptions = false,
    description = {"Queries the lake's tables with Spark SQL.", "Tables are named as in the Glue catalog: app_events_trusted.sessions."})
final class SqlCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "\"<query>\"", description = "the query (quote it for the shell)")
  String query;

  @Mixin LakeOption lake;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = FormatConverter.class,
      completionCandidates = FormatConverter.class,
      description = "how rows are printed: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  ResultPrinter.Format format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "print at most N rows (default: ${DEFAULT-VALUE})")
  long limit;

  @Override
  public Integer call() {
    SparkSession spark = localSession();
    LakeCatalog.registerAll(spark, Lake.qualified(lake.root, spark.sparkContext().hadoopConfiguration()));
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) {
      throw Errors.invalidSql(Errors.rootMessage(e));
    }
    ResultPrinter.print(result, format, (int) Math.min(Integer.MAX_VALUE, limit), out());
    return 0;
  }

  /** {@code table}, {@code csv} or {@code json}, in any case. */
  static final class FormatConverter implements CommandLine.ITypeConverter<ResultPrinter.Format>, Iterable<String> {
    @Override
    public ResultPrinter.Format convert(String value) {
      try {
        return ResultPrinter.Format.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("expects table, csv or json, found '" + value + "'");
      }
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(ResultPrinter.Format.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).iterator();
    }
  }
}

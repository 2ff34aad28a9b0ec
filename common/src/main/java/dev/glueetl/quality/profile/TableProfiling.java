package dev.glueetl.quality.profile;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.DeltaSnapshots;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.quality.QualityTables;
import dev.glueetl.quality.profile.Profiler.Profiling;
import dev.glueetl.quality.profile.model.TableProfile.ColumnProfile;
import dev.glueetl.quality.profile.model.TableProfile.TopValue;
import dev.glueetl.quality.profile.model.TableProfile;
import dev.glueetl.quality.report.QualitySite;
import dev.glueetl.spark.CodeGeneration;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles one table of a pipeline's lake (what {@code ./glue-etl profile} runs; docs/profiling.md). Steps, in order:
 *
 * <ol>
 *   <li><b>read</b> the Delta table at {@code <lake>/<zone>/<pipeline>/<table>} (compiled or interpreted by its size,
 *       {@link CodeGeneration});
 *   <li><b>profile</b> it and get Deequ's constraint suggestions ({@link Profiler});
 *   <li><b>suggest</b> a DQDL ruleset, verified on the table ({@link SuggestedRules}), and write it to the given file
 *       or {@code <lake>/_reports/<pipeline>/suggested/<zone>-<table>.dqdl};
 *   <li><b>record</b> the profile in {@code <pipeline>_quality.profiles} (appended, one row per column);
 *   <li><b>report</b>: when the pipeline has quality results, rewrite its report site so that it shows this profile.
 * </ol>
 */
public final class TableProfiling {
  private static final Logger LOG = LoggerFactory.getLogger(TableProfiling.class);

  /**
   * What a profile run did.
   *
   * @param rulesetLocation where the suggested ruleset was written (qualified: {@code file:/...}, {@code s3a://...})
   * @param site the report site's index when it was rewritten
   */
  public record Result(String runId, Instant profiledAt, TableProfile profile, SuggestedRules.Ruleset ruleset, String rulesetLocation, Optional<String> site) {}

  private TableProfiling() {}

  /** Where the suggested ruleset of {@code table} goes by default: {@code <lake>/_reports/<pipeline>/suggested/<zone>-<table>.dqdl}. */
  public static String defaultRulesetLocation(Lake lake, String pipeline, TableId table) {
    return lake.root() + "/_reports/" + pipeline + "/suggested/" + table.zone().dirName() + "-" + table.table() + ".dqdl";
  }

  /**
   * Profiles {@code table} of {@code pipeline} in {@code lake}; the suggested ruleset goes to {@code rulesetOut} if given.
   *
   * @throws dev.glueetl.error.GlueEtlException TABLE_NOT_FOUND when there is no Delta table at the table's path,
   *     TABLE_EMPTY when it has no rows
   */
  public static Result run(SparkSession spark, Lake lake, String pipeline, TableId table, Optional<String> rulesetOut) {
    String path = lake.pathOf(table);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw Errors.tableNotFound(table.catalogName(), path, "check --table (<zone>.<table>) and --lake; ./glue-etl tables lists the lake's tables");
    }
    String runId = "profile-" + UUID.randomUUID();
    // microseconds: what a Delta timestamp keeps, so the recorded time reads back equal
    Instant profiledAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    spark.sparkContext().setJobDescription("profile " + table.catalogName());
    // as the jobs do: a small table runs interpreted, which is quicker than compiling every stage for a few rows
    LOG.info(CodeGeneration.sizeFor(spark, CodeGeneration.deltaAsInputBytes(DeltaSnapshots.bytes(spark, path))).describe());
    try {
      Dataset<Row> data = spark.read().format("delta").load(path);
      // Deequ's analyzers fail on no rows (EmptyStateException) rather than reporting them
      if (data.isEmpty()) {
        throw Errors.tableEmpty(table.catalogName(), path);
      }
      Profiling profiling = Profiler.profile(table.catalogName(), data);
      List<String> header =
          List.of(
              "Suggested DQDL ruleset for " + table.catalogName() + " (" + profiling.profile().rowCount() + " rows), profiled " + profiledAt + ", run " + runId + ".",
              "Written by ./glue-etl profile from Deequ's constraint suggestions (docs/profiling.md): each rule follows the suggestion and",
              "the profile figures behind it; every rule passed on the data it was suggested from. Review it before using it as a gate.");
      SuggestedRules.Ruleset ruleset = SuggestedRules.suggest(data, profiling, header);
      String location = writeText(spark, rulesetOut.orElse(defaultRulesetLocation(lake, pipeline, table)), ruleset.dqdl());
      append(spark, lake, pipeline, rows(runId, profiledAt, profiling.profile()));
      Optional<String> site = Optional.empty();
      if (DeltaTable.isDeltaTable(spark, lake.pathOf(QualityTables.results(pipeline)))) {
        try {
          site = Optional.of(QualitySite.browsable(QualityTables.writeReportSite(spark, lake, pipeline, QualitySite.defaultLocation(lake, pipeline))));
        } catch (UncheckedIOException e) {
          // the profile is recorded; a site that cannot be written now is written by the next quality run or ./glue-etl report
          LOG.warn("the profile is recorded, but the report site could not be rewritten: {}", e.getMessage());
        }
      }
      return new Result(runId, profiledAt, profiling.profile(), ruleset, location, site);
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** The rows of {@code <pipeline>_quality.profiles} for one profile, in column order. */
  public static List<Row> rows(String runId, Instant profiledAt, TableProfile profile) {
    List<Row> rows = new ArrayList<>();
    for (ColumnProfile column : profile.columns()) {
      List<Row> top = new ArrayList<>();
      for (TopValue value : column.topValues()) {
        top.add(RowFactory.create(value.value(), value.count(), value.ratio()));
      }
      rows.add(
          RowFactory.create(
              Timestamp.from(profiledAt), runId, profile.table(), column.column(), column.type(), column.completeness(), column.approxDistinct(),
              column.min().orElse(null), column.max().orElse(null), column.mean().orElse(null), column.stddev().orElse(null), top));
    }
    return rows;
  }

  /** Appends one profile's rows; one file per run (they are a few rows). */
  static void append(SparkSession spark, Lake lake, String pipeline, List<Row> rows) {
    spark.createDataFrame(rows, QualityTables.PROFILES).coalesce(1).write().format("delta").mode("append")
        .save(lake.pathOf(QualityTables.profiles(pipeline)));
  }

  private static String writeText(SparkSession spark, String location, String text) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      // locally, no .crc file beside the ruleset: the folder holds what a person copies into pipelines/quality
      if (fs instanceof LocalFileSystem local) {
        fs = local.getRaw();
      }
      path = fs.makeQualified(path);
      if (path.getParent() != null) {
        fs.mkdirs(path.getParent());
      }
      try (OutputStream out = fs.create(path, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      LOG.info("wrote the suggested ruleset to {}", path);
      return path.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the suggested ruleset to " + location, e);
    }
  }
}

package dev.glueetl.local;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.lake.Lake;
import dev.glueetl.quality.QualityTables;
import dev.glueetl.quality.report.QualitySite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./glue-etl report <pipeline> [--lake DIR] [--out DIR]}: writes the pipeline's quality report site from its
 * {@code <pipeline>_quality.results} and {@code .metrics} tables (see docs/quality-report.md). The quality job writes
 * the same site after each run; this command rewrites it, or writes it elsewhere ({@code --out}).
 */
@Command(
    name = "report",
    sortOptions = false,
    description = {
      "Writes the pipeline's quality report site from its quality tables.",
      "Every run, each ruleset's rules with their outcome, each rule's metric trend as a chart; static files, no network."
    })
public final class ReportCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "<pipeline>", description = Pipelines.OPERAND, completionCandidates = Pipelines.BuiltIns.class)
  String pipeline;

  @Option(names = "--lake", paramLabel = "DIR", description = "the lake root: a directory, s3:// or s3a:// URI (overrides the pipeline's lake)")
  String lake;

  @Option(names = "--out", paramLabel = "DIR", description = "write the site here (a directory or URI) instead of <lake>/_reports/<pipeline>/quality")
  String outDir;

  @Override
  public Integer call() {
    String index = run(localSession(), pipeline, Optional.ofNullable(lake), Optional.ofNullable(outDir));
    out().println("wrote the quality report site: " + index);
    return 0;
  }

  /**
   * The command: {@code pipeline} is a YAML path or a built-in name; the lake is {@code lake} if given, else the
   * pipeline file's; the site goes to {@code out} if given, else to {@code <lake>/_reports/<pipeline>/quality}. Returns
   * the location of the site's {@code index.html} as a person opens it ({@code file:///...} or {@code s3a://...}).
   *
   * @throws dev.glueetl.error.GlueEtlException TABLE_NOT_FOUND when the pipeline has no quality results yet
   */
  public static String run(SparkSession spark, String pipeline, Optional<String> lake, Optional<String> out) {
    String pipelineFile = Pipelines.resolve(pipeline);
    List<String> args = new ArrayList<>(List.of("--pipeline", pipelineFile));
    lake.ifPresent(root -> args.addAll(List.of("--lake", root)));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    PipelineConfig config = PipelineConfig.load(pipelineFile, hadoop).withOverrides(JobArguments.parse(args.toArray(new String[0])));
    Lake qualifiedLake = Lake.qualified(config.lake(), hadoop);
    return out.isPresent() ? write(spark, config.name(), qualifiedLake, out.get()) : write(spark, config.name(), qualifiedLake);
  }

  /** Writes the site of the pipeline named {@code pipeline} in {@code lake} to its default place; returns the index location. */
  public static String write(SparkSession spark, String pipeline, Lake lake) {
    return write(spark, pipeline, lake, QualitySite.defaultLocation(lake, pipeline));
  }

  /** Writes the site of the pipeline named {@code pipeline} in {@code lake} into {@code out} (a directory or URI); returns the index location. */
  public static String write(SparkSession spark, String pipeline, Lake lake, String out) {
    return QualitySite.browsable(QualityTables.writeReportSite(spark, lake, pipeline, out));
  }
}

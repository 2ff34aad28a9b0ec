package dev.glueetl.local;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.quality.QualityTables;
import dev.glueetl.quality.profile.model.ProfileFormat;
import dev.glueetl.quality.profile.SuggestedRules;
import dev.glueetl.quality.profile.model.TableProfile;
import dev.glueetl.quality.profile.model.TableProfile.ColumnProfile;
import dev.glueetl.quality.profile.TableProfiling;
import dev.glueetl.quality.report.QualitySite;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./glue-etl profile <pipeline> --table <zone.table> [--lake DIR] [--out FILE]}: profiles one table of the lake
 * with Deequ, prints the figures per column, writes a suggested DQDL ruleset and records the profile in
 * {@code <pipeline>_quality.profiles} ({@link TableProfiling}; docs/profiling.md).
 */
@Command(
    name = "profile",
    sortOptions = false,
    description = {
      "Profiles a table of the lake and writes a suggested DQDL ruleset.",
      "Per column: type, completeness, approximate distinct count, min, max, mean, standard deviation, top values (Deequ's"
          + " column profiler). The ruleset comes from Deequ's constraint suggestions, each rule with its evidence, and passes"
          + " on the table. The profile is appended to <pipeline>_quality.profiles."
    })
final class ProfileCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "<pipeline>", description = Pipelines.OPERAND, completionCandidates = Pipelines.BuiltIns.class)
  String pipeline;

  @Option(names = "--table", required = true, paramLabel = "ZONE.TABLE", description = "the table to profile: <zone>.<table> (trusted.events, curated.sessions_daily) or its catalog name")
  String table;

  @Option(names = "--lake", paramLabel = "DIR", description = "the lake root: a directory, s3:// or s3a:// URI (overrides the pipeline's lake)")
  String lake;

  @Option(names = "--out", paramLabel = "FILE", description = "write the suggested ruleset here instead of <lake>/_reports/<pipeline>/suggested/<zone>-<table>.dqdl")
  String outFile;

  @Override
  public Integer call() {
    SparkSession spark = localSession();
    String pipelineFile = Pipelines.resolve(pipeline);
    List<String> args = new ArrayList<>(List.of("--pipeline", pipelineFile));
    Optional.ofNullable(lake).ifPresent(root -> args.addAll(List.of("--lake", root)));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    PipelineConfig config = PipelineConfig.load(pipelineFile, hadoop).withOverrides(JobArguments.parse(args.toArray(new String[0])));
    TableId id = tableId(config.name(), table);
    TableProfiling.Result result = TableProfiling.run(spark, Lake.qualified(config.lake(), hadoop), config.name(), id, Optional.ofNullable(outFile));
    print(result, QualityTables.profiles(config.name()), out());
    return 0;
  }

  /**
   * {@code zone.table}, or the catalog name {@code <pipeline>_<zone>.<table>}, as a table of {@code pipeline}.
   *
   * @throws picocli.CommandLine.ParameterException (a usage error) for anything else, naming the zones
   */
  TableId tableId(String pipeline, String text) {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      throw usageError("--table must be <zone>.<table>, for example trusted.events; found '" + text + "'");
    }
    String zoneName = text.substring(0, dot);
    String tableName = text.substring(dot + 1);
    for (Zone zone : tableZones()) {
      if (zone.dirName().equals(zoneName.toLowerCase(Locale.ROOT)) || TableId.database(pipeline, zone).equals(zoneName)) {
        return TableId.of(pipeline, zone, tableName);
      }
    }
    throw usageError(
        "--table " + text + ": no zone '" + zoneName + "'; the zones with tables are " + tableZones().stream().map(Zone::dirName).collect(Collectors.joining(", ")));
  }

  /** The zones that hold Delta tables (landing holds files as delivered). */
  private static List<Zone> tableZones() {
    return Arrays.stream(Zone.values()).filter(z -> z != Zone.LANDING).toList();
  }

  /** The figures as an aligned table, then where the ruleset and the profile went. */
  static void print(TableProfiling.Result result, TableId profilesTable, PrintStream out) {
    TableProfile profile = result.profile();
    out.println("profiled " + profile.table() + ": " + profile.rowCount() + " rows, " + profile.columns().size() + " columns (run " + result.runId() + ")");
    if (!profile.skipped().isEmpty()) {
      out.println("not profiled (nested types): " + String.join(", ", profile.skipped()));
    }
    out.println();
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"column", "type", "complete", "distinct~", "min", "max", "mean", "stddev", "top values"});
    for (ColumnProfile column : profile.columns()) {
      lines.add(
          new String[] {
            column.column(), column.type(), String.format(Locale.ROOT, "%.4f", column.completeness()), String.valueOf(column.approxDistinct()),
            cell(column.min().orElse("")), cell(column.max().orElse("")), column.mean().map(ProfileFormat::number).orElse(""),
            column.stddev().map(ProfileFormat::number).orElse(""),
            column.topValues().stream().limit(5).map(v -> (v.value() == null ? "NULL" : cell(v.value())) + " (" + v.count() + ")").collect(Collectors.joining(", "))
          });
    }
    int[] widths = new int[lines.get(0).length];
    lines.forEach(line -> {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    });
    for (String[] line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(i == line.length - 1 ? line[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", line[i]));
      }
      out.println(text.toString().stripTrailing());
    }
    out.println();
    SuggestedRules.Ruleset ruleset = result.ruleset();
    long leftOut = ruleset.entries().stream().filter(e -> e.rule().isEmpty()).count();
    out.println("suggested ruleset: " + ruleset.rules().size() + " rules" + (leftOut == 0 ? "" : ", " + leftOut + " suggestions left out (as comments)") + ": "
        + QualitySite.browsable(result.rulesetLocation()));
    out.println("profile recorded in " + profilesTable.catalogName());
    result.site().ifPresent(site -> out.println("report site: " + site));
    out.flush();
  }

  /** A value on one console line, at most 24 characters. */
  private static String cell(String value) {
    String line = value.replaceAll("[\\r\\n\\t]+", " ");
    return line.length() > 24 ? line.substring(0, 23) + "…" : line;
  }
}

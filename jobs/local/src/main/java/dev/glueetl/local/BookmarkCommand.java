package dev.glueetl.local;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.job.RunLock;
import dev.glueetl.job.TableWrites;
import dev.glueetl.landing.Bookmark;
import dev.glueetl.lake.Lake;
import dev.glueetl.records.JdbcWatermarks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./glue-etl bookmark show|reset <pipeline>}: the landing files preprocess has processed. */
@Command(
    name = "bookmark",
    description = {"Shows or resets preprocess's job bookmark.", "The landing files preprocess has processed, and the watermarks of database tables."},
    subcommands = {BookmarkCommand.Show.class, BookmarkCommand.Reset.class})
final class BookmarkCommand extends CliCommand {
  @Override
  public Integer call() {
    throw usageError("missing what to do: show or reset");
  }

  /** The pipeline (with {@code --lake} applied) and its lake, which both actions work on. */
  abstract static class OnPipeline extends CliCommand {
    @Parameters(index = "0", paramLabel = "<pipeline>", description = Pipelines.OPERAND, completionCandidates = Pipelines.BuiltIns.class)
    String pipeline;

    @Option(names = "--lake", paramLabel = "DIR", description = "the lake root: a directory, s3:// or s3a:// URI (overrides the pipeline's lake)")
    String lake;

    PipelineConfig config(Configuration hadoop) {
      String pipelineFile = Pipelines.resolve(pipeline);
      List<String> args = new ArrayList<>(List.of("--pipeline", pipelineFile));
      if (lake != null) {
        args.addAll(List.of("--lake", lake));
      }
      return PipelineConfig.load(pipelineFile, hadoop).withOverrides(JobArguments.parse(args.toArray(new String[0])));
    }
  }

  @Command(name = "show", description = "Lists the landing files preprocess has processed: state, size, time, run.")
  static final class Show extends OnPipeline {
    @Override
    public Integer call() {
      SparkSession spark = localSession();
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      PipelineConfig config = config(hadoop);
      Lake lakeRoot = Lake.qualified(config.lake(), hadoop);
      List<Row> rows = Bookmark.show(spark, lakeRoot, config.name());
      out().println(String.format(Locale.ROOT, "%-10s %10s  %-19s  %-24s  %s", "state", "bytes", "modified", "run", "file"));
      for (Row row : rows) {
        String copyOf = row.isNullAt(6) ? "" : "  (copy of " + row.getString(6) + ")";
        out().println(String.format(Locale.ROOT, "%-10s %10d  %-19s  %-24s  %s%s", row.getString(1), row.getLong(2),
            row.getTimestamp(3).toInstant().toString().substring(0, 19), row.getString(4), row.getString(0), copyOf));
      }
      out().println("(" + rows.size() + " files in " + lakeRoot.pathOf(Bookmark.table(config.name())) + ")");
      return 0;
    }
  }

  @Command(
      name = "reset",
      description = {
        "Makes the next preprocess run take every landing file again.",
        "It replaces what each file gave (never doubles it) and reads database tables whole again, merging by key."
      })
  static final class Reset extends OnPipeline {
    @Override
    public Integer call() {
      SparkSession spark = localSession();
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      PipelineConfig config = config(hadoop);
      Lake lakeRoot = Lake.qualified(config.lake(), hadoop);
      String runId = "bookmark-reset-" + Instant.now().getEpochSecond();
      RunLock lock = RunLock.acquire(lakeRoot, config.name(), runId, "bookmark-reset", RunLock.lease(5), hadoop);
      int files = Bookmark.reset(spark, new TableWrites(spark, lakeRoot), lakeRoot, config.name(), runId, Instant.now());
      int tables = JdbcWatermarks.reset(spark, new TableWrites(spark, lakeRoot), lakeRoot, config.name(), runId, Instant.now());
      lock.release();
      out().println(files + " files marked RESET: the next preprocess run processes them again, replacing what they gave");
      if (tables > 0) {
        out().println(tables + " database watermarks reset: the next preprocess run reads those tables whole, merging by key");
      }
      return 0;
    }
  }
}

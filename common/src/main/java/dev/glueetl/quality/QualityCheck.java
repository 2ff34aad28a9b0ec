package dev.glueetl.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.QualityConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobSteps;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.DeltaSnapshots;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.quality.report.QualitySite;
import dev.glueetl.spark.CodeGeneration;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * The body of the quality job. Steps, in order:
 *
 * <ol>
 *   <li><b>evaluate</b>: for each ruleset of the zone ({@code --zone trusted|curated}, all when absent), evaluate it on
 *       its table with the metric history of earlier runs ({@link RuleEvaluator});
 *   <li><b>quarantine</b>: sample the rows failing row-level rules for the report and, where {@code quarantine: true},
 *       move them from the trusted table to the zone's quarantine table (reason {@code QUALITY_RULE}, the rule as
 *       detail);
 *   <li><b>record</b>: append the results to {@code <pipeline>_quality.results} and the metrics to
 *       {@code <pipeline>_quality.metrics} (with the quarantine's commits, restored together if anything fails);
 *   <li><b>report</b>: write the run's JSON report and regenerate the pipeline's report site;
 *   <li><b>gate</b>: fail the job if a ruleset with {@code action: fail} has a failure that quarantine did not remove,
 *       so a Glue conditional trigger on SUCCEEDED does not fire.
 * </ol>
 */
public final class QualityCheck {
  public static final String JOB = "quality";
  static final String PASS = "_dq_pass_";
  static final String QUALITY_RULE = "QUALITY_RULE";
  private static final int SAMPLE_ROWS = 10;

  private QualityCheck() {}

  /**
   * A ruleset evaluated on its table.
   *
   * @param data the table, pinned to the version evaluated
   * @param context what the rules were evaluated with, for annotating the same rows again
   */
  private record Evaluation(QualityConfig entry, Dataset<Row> data, RuleEvaluator.Context context, List<RuleResult> results) {}

  /**
   * A ruleset's results once its failing rows are sampled and, if asked, quarantined.
   *
   * @param samples failed row-level rule to up to 10 failing rows as JSON, personal columns masked
   * @param quarantined rows moved to the quarantine table
   * @param removed indexes of the rules whose failing rows were moved, which therefore no longer fail the gate
   */
  private record RulesetOutcome(
      QualityConfig entry, List<RuleResult> results, double score, Map<String, List<String>> samples, long quarantined, Set<Integer> removed) {
    String table() {
      return entry.table().catalogName();
    }

    String action() {
      return entry.action().name().toLowerCase(Locale.ROOT);
    }
  }

  public static JobReport run(JobContext context) {
    List<QualityConfig> entries = rulesetsOfZone(context);
    if (entries.isEmpty()) {
      context.progress().info("no rulesets for zone " + context.args().checkedZone().map(Zone::dirName).orElse("any") + " in " + context.pipeline().file());
      return new JobReport().count("rulesets", 0);
    }
    long tableBytes = entries.stream().mapToLong(e -> DeltaSnapshots.bytes(context.spark(), context.lake().pathOf(e.table()))).sum();
    context.progress().info(CodeGeneration.sizeFor(context.spark(), CodeGeneration.deltaAsInputBytes(tableBytes)).describe());
    List<RulesetOutcome> outcomes = new ArrayList<>();
    JobSteps.run(context, steps -> {
      for (QualityConfig entry : entries) {
        steps.step("evaluate " + entry.table().catalogName());
        Evaluation evaluation = evaluate(context, steps.writes(), entry);
        steps.step("quarantine " + entry.table().catalogName());
        RulesetOutcome outcome = quarantine(context, steps.writes(), evaluation);
        logScore(context, outcome);
        outcomes.add(outcome);
      }
      steps.step("record");
      record(context, steps.writes(), outcomes);
      return null;
    });
    // after the results are committed: a failing gate keeps them (the report says why the chain stopped)
    String reportPage = report(context, outcomes);
    JobReport summary = summary(outcomes, reportPage);
    // the run's counts and scores stay in its record and metrics when the gate fails it
    gate(outcomes, reportPage).ifPresent(summary::failGate);
    return summary;
  }

  private static List<QualityConfig> rulesetsOfZone(JobContext context) {
    return context.pipeline().quality().stream()
        .filter(q -> context.args().checkedZone().isEmpty() || q.table().zone() == context.args().checkedZone().get())
        .toList();
  }

  /** Step evaluate: one ruleset on its table, with the references it names and the metric history of earlier runs. */
  private static Evaluation evaluate(JobContext context, TableWrites writes, QualityConfig entry) {
    SparkSession spark = context.spark();
    Lake lake = context.lake();
    String path = lake.pathOf(entry.table());
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw Errors.tableNotFound(entry.table().catalogName(), path, "run the jobs that write it first (./glue-etl run " + context.pipeline().name() + ")");
    }
    context.progress().stage(entry.table().catalogName(), "evaluating ruleset " + entry.rulesetName() + " (" + entry.ruleset().getRules().size() + " rules)");
    // pinned to one version: the rows judged are the rows moved, whatever the cache holds when they are
    Dataset<Row> data = writes.read(entry.table());
    Map<String, Dataset<Row>> references = new LinkedHashMap<>();
    entry.references().forEach((alias, table) -> references.put(alias, spark.read().format("delta").load(lake.pathOf(table))));
    MetricHistory history = QualityTables.history(spark, lake, context.pipeline().name(), entry.table().catalogName());
    RuleEvaluator.Context rules = new RuleEvaluator.Context(spark, references, history, context.startedAt());
    return new Evaluation(entry, data, rules, RuleEvaluator.evaluate(data, entry.ruleset(), rules));
  }

  /**
   * Step quarantine: the rows failing each failed row-level rule, sampled for the report and, with {@code quarantine:
   * true}, moved to the quarantine table (those rules' results then say so).
   */
  private static RulesetOutcome quarantine(JobContext context, TableWrites writes, Evaluation evaluation) {
    QualityConfig entry = evaluation.entry();
    List<DQRule> rules = entry.ruleset().getRules();
    List<RuleResult> results = new ArrayList<>(evaluation.results());
    List<Integer> failedRowLevel = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).outcome() == RuleResult.Outcome.Failed && RuleEvaluator.isRowLevel(rules.get(i))) {
        failedRowLevel.add(i);
      }
    }
    Map<String, List<String>> samples = new LinkedHashMap<>();
    long quarantined = 0;
    if (!failedRowLevel.isEmpty()) {
      Dataset<Row> data = evaluation.data();
      List<DQRule> failedRules = failedRowLevel.stream().map(rules::get).toList();
      Dataset<Row> annotated = RuleEvaluator.withRowOutcomes(data, failedRules, evaluation.context(), PASS).cache();
      for (int k = 0; k < failedRules.size(); k++) {
        samples.put(failedRules.get(k).toString(), sample(annotated.filter(not(col(PASS + k))), data.columns(), entry.personal()));
      }
      if (entry.quarantine()) {
        quarantined = moveToQuarantine(context.spark(), writes, entry, annotated, data.columns(), failedRules, context);
        for (int index : failedRowLevel) {
          results.set(index, results.get(index).withNotes("failing rows moved to quarantine"));
        }
      }
      annotated.unpersist();
    }
    Set<Integer> removed = entry.quarantine() ? Set.copyOf(failedRowLevel) : Set.of();
    return new RulesetOutcome(entry, results, DataQuality.score(results), samples, quarantined, removed);
  }

  private static void logScore(JobContext context, RulesetOutcome outcome) {
    List<RuleResult> results = outcome.results();
    context.progress().info(
        String.format(Locale.ROOT, "%s: score %.2f, %d of %d rules passed%s", outcome.table(), outcome.score(),
            results.stream().filter(RuleResult::passed).count(), results.size(), outcome.quarantined() > 0 ? ", " + outcome.quarantined() + " rows quarantined" : ""));
  }

  /** Step record: every rule's result to {@code <pipeline>_quality.results}, every metric to {@code .metrics}. */
  private static void record(JobContext context, TableWrites writes, List<RulesetOutcome> outcomes) {
    context.progress().stage("record", "writing results, metrics and the report");
    Timestamp evaluatedAt = Timestamp.from(context.startedAt());
    List<Row> resultRows = new ArrayList<>();
    List<Row> metricRows = new ArrayList<>();
    for (RulesetOutcome outcome : outcomes) {
      String table = outcome.table();
      String ruleset = outcome.entry().rulesetName();
      for (RuleResult result : outcome.results()) {
        resultRows.add(
            RowFactory.create(
                context.runId(), context.workflowRunId().orElse(null), evaluatedAt, table, ruleset, outcome.action(), result.rule(),
                result.outcome().name(), emptyToNull(result.failureReason()), new LinkedHashMap<>(result.evaluatedMetrics()), emptyToNull(result.notes()),
                outcome.score()));
        result.evaluatedMetrics().forEach(
            (metric, value) -> {
              if (!value.isNaN()) {
                metricRows.add(RowFactory.create(context.runId(), evaluatedAt, table, ruleset, metric, value));
              }
            });
      }
    }
    SparkSession spark = context.spark();
    String pipeline = context.pipeline().name();
    writes.append(QualityTables.results(pipeline), QualityTables.RESULTS, spark.createDataFrame(resultRows, QualityTables.RESULTS).coalesce(1));
    if (!metricRows.isEmpty()) {
      writes.append(QualityTables.metrics(pipeline), QualityTables.METRICS, spark.createDataFrame(metricRows, QualityTables.METRICS).coalesce(1));
    }
  }

  /**
   * Step report: the run's JSON report (every rule, and up to 10 failing rows per failed row-level rule, personal
   * columns masked) for machines, and the report site regenerated from the quality tables, now with this run, for people
   * ({@link QualitySite}, at {@link QualitySite#defaultLocation}); returns the location of the site's index page.
   */
  private static String report(JobContext context, List<RulesetOutcome> outcomes) {
    String pipeline = context.pipeline().name();
    String reportDir = context.lake().zonePath(Zone.QUALITY, pipeline) + "/reports/" + context.runId();
    String at = context.startedAt().toString();
    List<QualityReport.Section> sections =
        outcomes.stream()
            .map(o -> new QualityReport.Section(o.table(), o.entry().rulesetName(), o.action(), o.score(), o.results(), o.samples(), o.quarantined()))
            .toList();
    write(context.spark(), reportDir + "/report.json", QualityReport.json(pipeline, context.runId(), at, sections));
    String site;
    try {
      site = QualitySite.browsable(QualityTables.writeReportSite(context.spark(), context.lake(), pipeline, QualitySite.defaultLocation(context.lake(), pipeline)));
    } catch (RuntimeException e) {
      // the site is derived from the recorded results: losing it must not fail a run whose results are safe
      context.progress().warn(
          "the report site was not written (the results are recorded; './glue-etl report " + pipeline + "' writes it again): " + Errors.rootMessage(e));
      return reportDir + "/report.json";
    }
    context.progress().info("report site: " + site + " (this run's results as JSON: " + reportDir + "/report.json)");
    return site;
  }

  /**
   * Step gate: fails the job when a ruleset with {@code action: fail} has a rule that failed or erred, unless quarantine
   * removed its failing rows.
   *
   * @return QUALITY_GATE_FAILED naming the gated tables, the failures and the report, for {@link JobReport#failGate}
   */
  private static Optional<GlueEtlException> gate(List<RulesetOutcome> outcomes, String reportPage) {
    List<String> failures = new ArrayList<>();
    for (RulesetOutcome outcome : outcomes) {
      List<RuleResult> results = outcome.results();
      for (int i = 0; i < results.size(); i++) {
        RuleResult result = results.get(i);
        if (outcome.entry().action() == QualityConfig.Action.FAIL && !result.passed() && !outcome.removed().contains(i)) {
          failures.add(outcome.table() + ": " + result.rule() + " " + result.outcome().name().toLowerCase(Locale.ROOT));
        }
      }
    }
    if (!failures.isEmpty()) {
      String gated = outcomes.stream().filter(o -> o.entry().action() == QualityConfig.Action.FAIL).map(RulesetOutcome::table).distinct().collect(Collectors.joining(", "));
      return Optional.of(Errors.qualityGateFailed(gated, String.join("; ", failures), reportPage));
    }
    return Optional.empty();
  }

  /** What the run did, for the run record and the summary. */
  private static JobReport summary(List<RulesetOutcome> outcomes, String reportPage) {
    long rules = outcomes.stream().mapToLong(o -> o.results().size()).sum();
    long passed = outcomes.stream().flatMap(o -> o.results().stream()).filter(RuleResult::passed).count();
    JobReport report = new JobReport();
    for (RulesetOutcome outcome : outcomes) {
      report.ruleset(outcome.entry().rulesetName(), outcome.score(), outcome.results().stream().filter(r -> !r.passed()).count());
    }
    return report
        .count("rulesets", outcomes.size())
        .count("rules", rules)
        .count("passed", passed)
        .count("failed", rules - passed)
        .count("quarantined", outcomes.stream().mapToLong(RulesetOutcome::quarantined).sum())
        .note((reportPage.endsWith(".json") ? "report: " : "report site: ") + reportPage);
  }

  /**
   * Moves exactly the rows failing any of {@code failedRules} to the zone's quarantine table, with reason QUALITY_RULE
   * and the first failed rule as detail. Of a duplicated key only the duplicates move; the row a uniqueness rule keeps
   * stays in the trusted table. A row already in the quarantine (same rule, same record) is not added again, so running
   * the same gate twice quarantines nothing the second time. Returns the rows added to the quarantine.
   */
  private static long moveToQuarantine(
      SparkSession spark, TableWrites writes, QualityConfig entry, Dataset<Row> annotated, String[] columns, List<DQRule> failedRules, JobContext context) {
    Column failedRule = lit(null).cast("string");
    Column anyFailed = lit(false);
    for (int k = failedRules.size() - 1; k >= 0; k--) {
      failedRule = when(not(col(PASS + k)), lit(failedRules.get(k).toString())).otherwise(failedRule);
      anyFailed = anyFailed.or(not(col(PASS + k)));
    }
    Dataset<Row> failing = annotated.filter(anyFailed).withColumn("_dq_failed_rule", failedRule);
    TableId target = TableId.of(entry.table().pipeline(), Zone.QUARANTINE, entry.table().table());
    String targetPath = context.lake().pathOf(target);
    boolean targetExists = DeltaTable.isDeltaTable(spark, targetPath);
    StructType schema = targetExists ? spark.read().format("delta").load(targetPath).schema() : QUARANTINE;
    Column[] originalColumns = Arrays.stream(columns).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Column record = to_json(struct(originalColumns));
    List<Column> output = new ArrayList<>();
    List<String> available = Arrays.asList(columns);
    for (StructField field : schema.fields()) {
      Column value =
          switch (field.name()) {
            case "reason" -> lit(QUALITY_RULE);
            case "detail" -> col("_dq_failed_rule");
            case "raw_record" -> record;
            case "run_id" -> lit(context.runId());
            case "ingested_at" -> lit(Timestamp.from(context.startedAt()));
            default -> available.contains(field.name()) ? col("`" + field.name() + "`") : lit(null);
          };
      output.add(value.cast(field.dataType()).as(field.name()));
    }
    // a row is the same row again when everything but the columns of the run that wrote it is the same: a file
    // processed again (bookmarks off) brings its rows back under a new run id, and they are not quarantined twice
    StructType dataSchema = new StructType(Arrays.stream(annotated.schema().fields()).filter(f -> available.contains(f.name())).toArray(StructField[]::new));
    Dataset<Row> rows = failing.withColumn("_dq_identity", identity(struct(originalColumns), dataSchema)).select(withIdentity(output));
    if (targetExists) {
      Dataset<Row> alreadyQuarantined =
          spark.read().format("delta").load(targetPath).where(col("reason").equalTo(QUALITY_RULE))
              .select(col("detail").as("_dq_detail"), identity(from_json(col("raw_record"), dataSchema), dataSchema).as("_dq_known"));
      rows = rows.join(alreadyQuarantined, col("detail").eqNullSafe(col("_dq_detail")).and(col("_dq_identity").equalTo(col("_dq_known"))), "left_anti");
    }
    rows = rows.drop("_dq_identity");
    long moved = writes.append(target, schema, rows);
    Column[] key = entry.key().stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
    Dataset<Row> failingKeys = failing.select(key).distinct();
    // the keys renamed, so that joining them back to the rows they came from is not an ambiguous self-join
    Column[] renamedKey = new Column[key.length];
    Column sameKey = lit(true);
    for (int k = 0; k < key.length; k++) {
      renamedKey[k] = key[k].as("_dq_key_" + k);
      sameKey = sameKey.and(key[k].eqNullSafe(col("_dq_key_" + k)));
    }
    Dataset<Row> kept = annotated.filter(not(anyFailed)).join(failingKeys.select(renamedKey), sameKey, "left_semi").select(originalColumns);
    writes.deleteKeysKeeping(entry.table(), failingKeys, entry.key(), kept);
    return moved;
  }

  /** Columns that say which run wrote a row, not what the row is. */
  private static final List<String> RUN_COLUMNS = List.of("run_id", "ingested_at");

  /** A row's identity for the quarantine: the MD5 of its JSON without the run's columns. */
  private static Column identity(Column row, StructType schema) {
    Column[] fields =
        Arrays.stream(schema.fieldNames()).filter(f -> !RUN_COLUMNS.contains(f)).map(f -> row.getField(f).as(f)).toArray(Column[]::new);
    return md5(to_json(struct(fields)));
  }

  private static Column[] withIdentity(List<Column> output) {
    List<Column> columns = new ArrayList<>(output);
    columns.add(col("_dq_identity"));
    return columns.toArray(new Column[0]);
  }

  /** Quarantine schema for tables that do not have one from preprocess. */
  static final StructType QUARANTINE =
      new StructType()
          .add("reason", org.apache.spark.sql.types.DataTypes.StringType, false)
          .add("detail", org.apache.spark.sql.types.DataTypes.StringType)
          .add("raw_record", org.apache.spark.sql.types.DataTypes.StringType)
          .add("source_file", org.apache.spark.sql.types.DataTypes.StringType)
          .add("run_id", org.apache.spark.sql.types.DataTypes.StringType, false)
          .add("ingested_at", org.apache.spark.sql.types.DataTypes.TimestampType, false);

  /** Up to 10 failing rows as JSON, personal columns masked. */
  private static List<String> sample(Dataset<Row> failing, String[] columns, List<String> personal) {
    Column[] shown = Arrays.stream(columns).map(c -> personal.contains(c) ? lit("***").as(c) : col("`" + c + "`")).toArray(Column[]::new);
    return failing.select(shown).limit(SAMPLE_ROWS).toJSON().collectAsList();
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  private static void write(SparkSession spark, String location, String content) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(QualityReport.utf8(content));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the quality report " + location, e);
    }
  }
}

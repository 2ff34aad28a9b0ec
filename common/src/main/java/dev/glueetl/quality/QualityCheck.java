package dev.glueetl.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.QualityConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
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
 *   <li><b>quarantine</b>: where {@code quarantine: true}, move the rows failing row-level rules from the trusted table
 *       to the zone's quarantine table (reason {@code QUALITY_RULE}, the rule as detail);
 *   <li><b>record</b>: append the results to {@code <pipeline>_quality.results} and the metrics to
 *       {@code <pipeline>_quality.metrics}; write the HTML and JSON report;
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

  public static JobReport run(JobContext context) {
    SparkSession spark = context.spark();
    PipelineConfig pipeline = context.pipeline();
    Lake lake = context.lake();
    JobReport report = new JobReport();
    List<QualityConfig> entries =
        pipeline.quality().stream()
            .filter(q -> context.args().zone().isEmpty() || q.table().zone().dirName().equals(context.args().zone().get()))
            .toList();
    if (entries.isEmpty()) {
      context.progress().info("no rulesets for zone " + context.args().zone().orElse("any") + " in " + pipeline.file());
      return report.count("rulesets", 0);
    }
    Timestamp evaluatedAt = Timestamp.from(context.startedAt());
    List<QualityReport.Section> sections = new ArrayList<>();
    List<Row> resultRows = new ArrayList<>();
    List<Row> metricRows = new ArrayList<>();
    List<String> gateFailures = new ArrayList<>();
    TableWrites writes = new TableWrites(spark, lake);
    long rules = 0;
    long passed = 0;
    long quarantinedTotal = 0;
    try {
      for (QualityConfig entry : entries) {
        String path = lake.pathOf(entry.table());
        if (!DeltaTable.isDeltaTable(spark, path)) {
          throw Errors.tableNotFound(entry.table().catalogName(), path, "run the jobs that write it first (./glue-etl run " + pipeline.name() + ")");
        }
        context.progress().stage(entry.table().catalogName(), "evaluating ruleset " + entry.rulesetName() + " (" + entry.ruleset().getRules().size() + " rules)");
        // pinned to one version: the rows judged are the rows moved, whatever the cache holds when they are
        Dataset<Row> data = writes.read(entry.table());
        Map<String, Dataset<Row>> references = new LinkedHashMap<>();
        entry.references().forEach((alias, table) -> references.put(alias, spark.read().format("delta").load(lake.pathOf(table))));
        RuleEvaluator.Context evaluation =
            new RuleEvaluator.Context(spark, references, QualityTables.history(spark, lake, pipeline.name(), entry.table().catalogName()), context.startedAt());
        List<RuleResult> results = RuleEvaluator.evaluate(data, entry.ruleset(), evaluation);

        List<DQRule> ruleList = entry.ruleset().getRules();
        List<Integer> failedRowLevel = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
          if (!results.get(i).passed() && results.get(i).outcome() == RuleResult.Outcome.Failed && RuleEvaluator.isRowLevel(ruleList.get(i))) {
            failedRowLevel.add(i);
          }
        }
        Map<String, List<String>> samples = new LinkedHashMap<>();
        long quarantined = 0;
        if (!failedRowLevel.isEmpty()) {
          List<DQRule> judged = new ArrayList<>();
          for (int i = 0; i < ruleList.size(); i++) {
            judged.add(failedRowLevel.contains(i) ? ruleList.get(i) : null);
          }
          Dataset<Row> annotated = RuleEvaluator.withRowOutcomes(data, nonNull(judged), evaluation, PASS).cache();
          List<DQRule> failedRules = nonNull(judged);
          for (int k = 0; k < failedRules.size(); k++) {
            samples.put(failedRules.get(k).toString(), sample(annotated.filter(not(col(PASS + k))), data.columns(), entry.personal()));
          }
          if (entry.quarantine()) {
            quarantined = quarantine(spark, writes, entry, annotated, data.columns(), failedRules, context);
            quarantinedTotal += quarantined;
            for (int index : failedRowLevel) {
              results.set(index, results.get(index).withNotes("failing rows moved to quarantine"));
            }
          }
          annotated.unpersist();
        }

        double score = DataQuality.score(results);
        sections.add(new QualityReport.Section(entry.table().catalogName(), entry.rulesetName(), entry.action().name().toLowerCase(Locale.ROOT), score, results, samples, quarantined));
        for (int i = 0; i < results.size(); i++) {
          RuleResult result = results.get(i);
          rules++;
          passed += result.passed() ? 1 : 0;
          resultRows.add(
              RowFactory.create(
                  context.runId(), context.workflowRunId().orElse(null), evaluatedAt, entry.table().catalogName(), entry.rulesetName(),
                  entry.action().name().toLowerCase(Locale.ROOT), result.rule(), result.outcome().name(), emptyToNull(result.failureReason()),
                  new LinkedHashMap<>(result.evaluatedMetrics()), emptyToNull(result.notes()), score));
          result.evaluatedMetrics().forEach(
              (metric, value) -> {
                if (!value.isNaN()) {
                  metricRows.add(RowFactory.create(context.runId(), evaluatedAt, entry.table().catalogName(), entry.rulesetName(), metric, value));
                }
              });
          boolean removedByQuarantine = entry.quarantine() && failedRowLevel.contains(i);
          if (entry.action() == QualityConfig.Action.FAIL && !result.passed() && !removedByQuarantine) {
            gateFailures.add(entry.table().catalogName() + ": " + result.rule() + " " + result.outcome().name().toLowerCase(Locale.ROOT));
          }
        }
        context.progress().info(
            String.format(Locale.ROOT, "%s: score %.2f, %d of %d rules passed%s", entry.table().catalogName(), score,
                results.stream().filter(RuleResult::passed).count(), results.size(), quarantined > 0 ? ", " + quarantined + " rows quarantined" : ""));
      }

      context.progress().stage("record", "writing results, metrics and the report");
      writes.append(QualityTables.results(pipeline.name()), QualityTables.RESULTS, spark.createDataFrame(resultRows, QualityTables.RESULTS).coalesce(1));
      if (!metricRows.isEmpty()) {
        writes.append(QualityTables.metrics(pipeline.name()), QualityTables.METRICS, spark.createDataFrame(metricRows, QualityTables.METRICS).coalesce(1));
      }
    } catch (GlueEtlException e) {
      writes.restore();
      throw e;
    } catch (Exception e) { // also Scala's AnalysisException, a checked Exception to Java
      String restored = writes.restore();
      throw Errors.writeFailed("quality", restored, e);
    }
    String reportDir = lake.zonePath(Zone.QUALITY, pipeline.name()) + "/reports/" + context.runId();
    String at = context.startedAt().toString();
    write(spark, reportDir + "/report.html", QualityReport.html(pipeline.name(), context.runId(), at, sections));
    write(spark, reportDir + "/report.json", QualityReport.json(pipeline.name(), context.runId(), at, sections));

    report.count("rulesets", entries.size());
    report.count("rules", rules);
    report.count("passed", passed);
    report.count("failed", rules - passed);
    report.count("quarantined", quarantinedTotal);
    report.note("report: " + reportDir + "/report.html");
    context.progress().info("report: " + reportDir + "/report.html (and report.json)");
    if (!gateFailures.isEmpty()) {
      throw Errors.qualityGateFailed(
          entries.stream().filter(e -> e.action() == QualityConfig.Action.FAIL).map(e -> e.table().catalogName()).distinct().collect(Collectors.joining(", ")),
          String.join("; ", gateFailures), reportDir + "/report.html");
    }
    return report;
  }

  /**
   * Moves exactly the rows failing any of {@code failedRules} to the zone's quarantine table, with reason QUALITY_RULE
   * and the first failed rule as detail. Of a duplicated key only the duplicates move; the row a uniqueness rule keeps
   * stays in the trusted table. A row already in the quarantine (same rule, same record) is not added again, so running
   * the same gate twice quarantines nothing the second time. Returns the rows added to the quarantine.
   */
  private static long quarantine(
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

  private static List<DQRule> nonNull(List<DQRule> rules) {
    return rules.stream().filter(r -> r != null).toList();
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

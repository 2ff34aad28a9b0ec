package dev.glueetl.records;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.RecordTableConfig;
import dev.glueetl.job.CommitPoints;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobSteps;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.DeltaSnapshots;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Raw → trusted for {@code records} pipelines with a raw zone ({@code preprocess --zone trusted}): per table, the raw
 * rows added since the last promotion get the checks raw does not make (nullable, values, min, max, derived columns),
 * deduplication, keep and history, exactly as landing records do without a raw zone
 * ({@link RecordsPreprocess#toTrusted}). Steps:
 *
 * <ol>
 *   <li>per table, <b>select</b>: the rows of {@code <pipeline>_raw.<table>} whose (source file, raw run) the ledger
 *       {@code <pipeline>_runs.raw_promotions} does not hold: a file landed again replaces its raw rows under a new run,
 *       so it is promoted again as a whole, as a changed landing file is without a raw zone;
 *   <li>per table, <b>quarantine</b> and <b>trusted</b>: as the landing path, replacing only the quarantine rows of
 *       these checks (raw's parse failures stay);
 *   <li><b>commit</b>: one append of the promoted (table, source file, raw run) to the ledger.
 * </ol>
 *
 * A run killed before its commit promotes the same rows again: the merge by key makes that change nothing already
 * there and the quarantine rows of those files are replaced, so nothing doubles. Per table, raw rows read = trusted +
 * quarantined + duplicates + superseded, or the run fails.
 */
public final class RawPromotion {
  public static final String LEDGER = "raw_promotions";

  static final StructType SCHEMA =
      new StructType()
          .add("table", StringType, false)
          .add("source_file", StringType, false)
          .add("raw_run_id", StringType, false)
          .add("run_id", StringType, false)
          .add("recorded_at", TimestampType, false)
          .add("seq", LongType, false);

  private RawPromotion() {}

  public static TableId ledger(String pipeline) {
    return TableId.of(pipeline, Zone.RUNS, LEDGER);
  }

  public static JobReport run(JobContext context) {
    SparkSession spark = context.spark();
    PipelineConfig pipeline = context.pipeline();
    JobReport report = new JobReport();
    return JobSteps.run(context, steps -> {
      TableWrites writes = steps.writes();
      steps.stage("select", "choosing the raw rows added since the last promotion");
      String ledgerPath = context.lake().pathOf(ledger(pipeline.name()));
      Dataset<Row> promoted =
          DeltaSnapshots.exists(spark, ledgerPath)
              ? spark.read().format("delta").load(ledgerPath).select(col("table").as("_p_table"), col("source_file").as("_p_file"), col("raw_run_id").as("_p_run"))
                  .distinct()
              : null;
      List<Row> entries = new ArrayList<>();
      long seq = 0;
      for (RecordTableConfig table : pipeline.source().tables()) {
        String name = table.name();
        String rawPath = context.lake().pathOf(RecordsPreprocess.raw(pipeline.name(), name));
        if (!DeltaSnapshots.exists(spark, rawPath)) {
          context.progress().info(name + ": no raw table yet");
          RecordsPreprocess.zeroCounts(report, name, RecordsPreprocess.Stage.PROMOTE);
          continue;
        }
        Dataset<Row> rows = spark.read().format("delta").load(rawPath);
        if (promoted != null) {
          Dataset<Row> ofTable = promoted.where(col("_p_table").equalTo(name));
          rows = rows.join(ofTable, col("source_file").equalTo(col("_p_file")).and(col("run_id").equalTo(col("_p_run"))), "left_anti");
        }
        // bounded by the number of files promoted at once, not by their rows
        List<Row> batches = rows.select("source_file", "run_id").distinct().collectAsList();
        if (batches.isEmpty()) {
          context.progress().info(name + ": no raw rows added since the last promotion");
          RecordsPreprocess.zeroCounts(report, name, RecordsPreprocess.Stage.PROMOTE);
          continue;
        }
        List<String> files = batches.stream().map(b -> b.getString(0)).distinct().sorted().toList();
        for (Row batch : batches) {
          entries.add(RowFactory.create(name, batch.getString(0), batch.getString(1), context.runId(), Timestamp.from(context.startedAt()), seq++));
        }
        // arrival order across raw runs: the earlier run first, then the file's place in its batch and the record's
        Dataset<Row> records =
            rows.withColumn("_file_order", expr("unix_millis(ingested_at)").multiply(lit(1_000_000L)).plus(col("file_order")))
                .withColumnRenamed("position", "_position")
                .drop("file_order", "run_id", "ingested_at");
        RecordsPreprocess.toTrusted(context, steps, table, records, TableWrites.inList("source_file", files), ConformRecords.Checks.VALIDATE, report);
      }
      steps.stage("commit", "recording the promoted raw rows");
      if (!entries.isEmpty()) {
        writes.append(ledger(pipeline.name()), SCHEMA, spark.createDataFrame(entries, SCHEMA).coalesce(1));
      }
      CommitPoints.reached("promote:committed");
      RecordsPreprocess.totals(report, pipeline, List.of("raw_read", "trusted", "quarantined", "duplicates", "superseded"));
      return report;
    });
  }
}

package dev.glueetl.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's own per-stage metrics, collected by a listener while a case runs: where the time goes (task time per stage,
 * bytes read, shuffled and spilled, GC), summed per call site so a report can name the step that costs.
 */
public final class StageMetrics extends SparkListener {
  /** The metrics of all stages with one call site (for example {@code save at TableWrites.java:140}). */
  public record Step(
      String callSite,
      int stages,
      int tasks,
      double wallSeconds,
      double taskSeconds,
      double cpuSeconds,
      double gcSeconds,
      long inputBytes,
      long shuffleReadBytes,
      long shuffleWriteBytes,
      long spilledBytes,
      long outputBytes) {}

  private final List<StageInfo> completed = new ArrayList<>();

  public static StageMetrics attach(SparkSession spark) {
    StageMetrics metrics = new StageMetrics();
    spark.sparkContext().addSparkListener(metrics);
    return metrics;
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    completed.add(event.stageInfo());
  }

  /** Forgets what was collected (call before a measured run). */
  public synchronized void reset(SparkSession spark) {
    drain(spark);
    completed.clear();
  }

  /** The steps of the stages completed since {@link #reset}, the costliest (by task time) first. */
  public synchronized List<Step> steps(SparkSession spark) {
    drain(spark);
    Map<String, Step> bySite = new LinkedHashMap<>();
    for (StageInfo stage : completed) {
      TaskMetrics m = stage.taskMetrics();
      if (m == null) {
        continue;
      }
      String site = stage.name();
      double wall =
          stage.submissionTime().isDefined() && stage.completionTime().isDefined()
              ? ((Long) stage.completionTime().get() - (Long) stage.submissionTime().get()) / 1000.0
              : 0.0;
      Step add =
          new Step(
              site,
              1,
              stage.numTasks(),
              wall,
              m.executorRunTime() / 1000.0,
              m.executorCpuTime() / 1e9,
              m.jvmGCTime() / 1000.0,
              m.inputMetrics().bytesRead(),
              m.shuffleReadMetrics().totalBytesRead(),
              m.shuffleWriteMetrics().bytesWritten(),
              m.diskBytesSpilled(),
              m.outputMetrics().bytesWritten());
      bySite.merge(site, add, StageMetrics::sum);
    }
    List<Step> steps = new ArrayList<>(bySite.values());
    steps.sort(Comparator.comparingDouble(Step::taskSeconds).reversed());
    return steps;
  }

  private static Step sum(Step a, Step b) {
    return new Step(
        a.callSite(),
        a.stages() + b.stages(),
        a.tasks() + b.tasks(),
        a.wallSeconds() + b.wallSeconds(),
        a.taskSeconds() + b.taskSeconds(),
        a.cpuSeconds() + b.cpuSeconds(),
        a.gcSeconds() + b.gcSeconds(),
        a.inputBytes() + b.inputBytes(),
        a.shuffleReadBytes() + b.shuffleReadBytes(),
        a.shuffleWriteBytes() + b.shuffleWriteBytes(),
        a.spilledBytes() + b.spilledBytes(),
        a.outputBytes() + b.outputBytes());
  }

  /** Waits until the listener bus has delivered every event so far (it is asynchronous). */
  private static void drain(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (Exception e) {
      // a timeout only means the last stages may be missing from the summary
    }
  }
}

package dev.glueetl.workflow;

import dev.glueetl.config.JobType;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.RunState;
import dev.glueetl.config.WorkflowConfig;
import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.JobRunner;
import dev.glueetl.job.RunRecords;
import dev.glueetl.lake.Lake;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Walks a pipeline's workflow locally the way Glue does: the start trigger's jobs run first; each time a job ends, the
 * conditional triggers watching it are evaluated (AND: every condition holds; ANY: one does) and those that hold start
 * their jobs. A job runs at most once per workflow run, so a failed quality gate stops what waits for its SUCCEEDED
 * and starts what waits for its FAILED. Every job gets the workflow run id ({@code --WORKFLOW_RUN_ID}), and the runner
 * records each job run as RUNNING when it starts (the job records its end).
 *
 * <p>{@code --from <job>} resumes a workflow run: the states of the jobs before {@code job} are read from the run
 * records of that run, and the walk starts again at {@code job}.
 */
public final class WorkflowRunner {
  /** Runs one job of a type with Glue-style arguments; throws when the job fails. */
  @FunctionalInterface
  public interface JobInvoker {
    JobRunner.CompletedRun run(JobType type, String[] args);
  }

  /** How one job of a workflow run ended. {@code state}: SUCCEEDED or FAILED (NOT_RUN for jobs never started). */
  public record JobOutcome(String job, RunState state, String runId, String error, Optional<ErrorCode> errorCode, double seconds) {}

  /** A workflow run: its id and every job's outcome, in the order they ran (jobs never started: NOT_RUN). */
  public record Result(String workflowRunId, Map<String, JobOutcome> outcomes) {
    public boolean failed() {
      return outcomes.values().stream().anyMatch(o -> o.state() == RunState.FAILED);
    }

    /** 0, or the exit status of the first failed job's error (1 for a failure without a code: a bug). */
    public int exitStatus() {
      return outcomes.values().stream()
          .filter(o -> o.state() == RunState.FAILED)
          .findFirst()
          .map(o -> o.errorCode().map(ErrorCode::exitStatus).orElse(ErrorCode.Category.FAILURE.exitStatus()))
          .orElse(0);
    }
  }

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final PipelineConfig pipeline;
  private final Lake lake;
  private final List<String> baseArgs;
  private final JobInvoker invoker;
  private final Consumer<String> out;

  /**
   * @param baseArgs the arguments every job gets ({@code --pipeline}, {@code --lake}, {@code --input})
   * @param out where the graph is printed as it goes
   */
  public WorkflowRunner(SparkSession spark, PipelineConfig pipeline, Lake lake, List<String> baseArgs, JobInvoker invoker, Consumer<String> out) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.lake = lake;
    this.baseArgs = baseArgs;
    this.invoker = invoker;
    this.out = out;
  }

  /** Runs the workflow from its start trigger. */
  public Result run() {
    String workflowRunId = "wr_" + ID_TIME.format(Instant.now()) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
    WorkflowConfig workflow = pipeline.workflow();
    WorkflowConfig.Trigger start = workflow.startTrigger();
    out.accept("workflow " + pipeline.name() + " run " + workflowRunId);
    out.accept("trigger " + start.name() + " (" + start.type().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ") starts " + String.join(", ", start.actions()));
    return walk(workflowRunId, new LinkedHashMap<>(), new ArrayDeque<>(start.actions()), new HashSet<>(Set.of(start.name())));
  }

  /**
   * Resumes a workflow run at {@code job}: the jobs it does not lead to keep the states recorded for that run;
   * {@code job} and everything its triggers lead to run again.
   *
   * @param workflowRunId the run to resume; the pipeline's latest when empty
   */
  public Result resume(String job, Optional<String> workflowRunId) {
    WorkflowConfig workflow = pipeline.workflow();
    if (!workflow.jobs().containsKey(job)) {
      throw Errors.usage("--from: no job '" + job + "' in the workflow of " + pipeline.name() + " (jobs: " + String.join(", ", workflow.jobs().keySet()) + ")");
    }
    String runId =
        workflowRunId
            .or(() -> RunRecords.latestWorkflowRun(spark, lake, pipeline.name()))
            .orElseThrow(() -> Errors.usage("--from: no earlier workflow run of " + pipeline.name() + " in " + lake.root() + " to resume"));
    Set<String> again = downstream(workflow, job);
    Map<String, RunState> recorded = RunRecords.latestStates(spark, lake, pipeline.name(), runId);
    Map<String, JobOutcome> outcomes = new LinkedHashMap<>();
    recorded.forEach(
        (name, state) -> {
          if (workflow.jobs().containsKey(name) && !again.contains(name) && state != RunState.RUNNING) {
            outcomes.put(name, new JobOutcome(name, state, "(earlier)", "", Optional.empty(), 0));
          }
        });
    out.accept("workflow " + pipeline.name() + " run " + runId + " resumed at " + job + " (kept: " + describe(outcomes) + ")");
    Set<String> fired = new HashSet<>();
    for (WorkflowConfig.Trigger trigger : workflow.triggers()) {
      if (trigger.actions().stream().noneMatch(again::contains)) {
        fired.add(trigger.name());
      }
    }
    return walk(runId, outcomes, new ArrayDeque<>(List.of(job)), fired);
  }

  private Result walk(String workflowRunId, Map<String, JobOutcome> outcomes, Deque<String> queue, Set<String> fired) {
    WorkflowConfig workflow = pipeline.workflow();
    while (!queue.isEmpty()) {
      String name = queue.poll();
      if (outcomes.containsKey(name)) {
        continue;
      }
      JobOutcome outcome = runJob(workflowRunId, workflow.jobs().get(name));
      outcomes.put(name, outcome);
      for (WorkflowConfig.Trigger trigger : workflow.triggers()) {
        if (fired.contains(trigger.name()) || trigger.conditions().stream().noneMatch(c -> c.job().equals(name))) {
          continue;
        }
        if (holds(trigger, outcomes)) {
          fired.add(trigger.name());
          out.accept("  trigger " + trigger.name() + " (" + predicate(trigger) + ") fires: starts " + String.join(", ", trigger.actions()));
          queue.addAll(trigger.actions());
        } else if (canStillFire(trigger, outcomes)) {
          List<String> pending = trigger.conditions().stream().map(WorkflowConfig.Condition::job).filter(j -> !outcomes.containsKey(j)).distinct().toList();
          out.accept("  trigger " + trigger.name() + " (" + predicate(trigger) + ") waits for " + String.join(", ", pending));
        } else {
          out.accept("  trigger " + trigger.name() + " (" + predicate(trigger) + ") does not fire: " + name + " " + outcome.state());
        }
      }
    }
    Map<String, JobOutcome> all = new LinkedHashMap<>(outcomes);
    for (String job : workflow.jobs().keySet()) {
      all.putIfAbsent(job, new JobOutcome(job, RunState.NOT_RUN, "", "", Optional.empty(), 0));
    }
    out.accept("workflow run " + workflowRunId + ": " + describe(all));
    return new Result(workflowRunId, all);
  }

  private JobOutcome runJob(String workflowRunId, WorkflowConfig.Job job) {
    String runId = "jr_" + ID_TIME.format(Instant.now()) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
    List<String> args = new ArrayList<>(baseArgs);
    job.args().forEach((key, value) -> args.addAll(List.of(key, value)));
    args.addAll(List.of("--JOB_NAME", job.name(), "--JOB_RUN_ID", runId, "--WORKFLOW_NAME", pipeline.name(), "--WORKFLOW_RUN_ID", workflowRunId));
    out.accept("> " + job.name() + " (" + job.type().yamlName() + ") started, run " + runId);
    Instant started = Instant.now();
    RunRecords.append(
        spark, lake,
        new RunRecords.RunRecord(
            Optional.of(workflowRunId), runId, pipeline.name(), job.type().yamlName(), Optional.of(job.name()), RunState.RUNNING, started, null, args,
            Map.of(), Optional.empty(), Optional.empty()));
    try {
      JobRunner.CompletedRun run = invoker.run(job.type(), args.toArray(new String[0]));
      out.accept(String.format(Locale.ROOT, "< %s SUCCEEDED (%.1f s)", job.name(), run.seconds()));
      return new JobOutcome(job.name(), RunState.SUCCEEDED, runId, "", Optional.empty(), run.seconds());
    } catch (Exception e) { // a failed job (also Scala's AnalysisException) is a state of the workflow, not a crash
      double seconds = (System.currentTimeMillis() - started.toEpochMilli()) / 1000.0;
      String error = e instanceof GlueEtlException ? e.getMessage() : e.getClass().getSimpleName() + ": " + Errors.rootMessage(e);
      out.accept(String.format(Locale.ROOT, "< %s FAILED (%.1f s): %s", job.name(), seconds, error));
      Optional<ErrorCode> code = e instanceof GlueEtlException g ? Optional.of(g.code()) : Optional.empty();
      return new JobOutcome(job.name(), RunState.FAILED, runId, error, code, seconds);
    }
  }

  static boolean holds(WorkflowConfig.Trigger trigger, Map<String, JobOutcome> outcomes) {
    List<Boolean> matches = new ArrayList<>();
    for (WorkflowConfig.Condition condition : trigger.conditions()) {
      JobOutcome outcome = outcomes.get(condition.job());
      matches.add(outcome != null && outcome.state() == condition.state());
    }
    return trigger.logical() == WorkflowConfig.Logical.ANY ? matches.contains(true) : !matches.contains(false);
  }

  /** Whether jobs that have not ended yet can still make the trigger's predicate hold. */
  static boolean canStillFire(WorkflowConfig.Trigger trigger, Map<String, JobOutcome> outcomes) {
    boolean anyPending = false;
    for (WorkflowConfig.Condition condition : trigger.conditions()) {
      JobOutcome outcome = outcomes.get(condition.job());
      if (outcome == null) {
        anyPending = true;
      } else if (trigger.logical() == WorkflowConfig.Logical.AND && outcome.state() != condition.state()) {
        return false;
      }
    }
    return anyPending;
  }

  /** {@code job} and every job the triggers can lead to from it. */
  static Set<String> downstream(WorkflowConfig workflow, String job) {
    Set<String> reached = new HashSet<>(List.of(job));
    Deque<String> todo = new ArrayDeque<>(List.of(job));
    while (!todo.isEmpty()) {
      String current = todo.pop();
      for (WorkflowConfig.Trigger trigger : workflow.triggers()) {
        if (trigger.conditions().stream().anyMatch(c -> c.job().equals(current))) {
          for (String action : trigger.actions()) {
            if (reached.add(action)) {
              todo.push(action);
            }
          }
        }
      }
    }
    return reached;
  }

  private static String predicate(WorkflowConfig.Trigger trigger) {
    List<String> parts = new ArrayList<>();
    trigger.conditions().forEach(c -> parts.add(c.job() + " " + c.state()));
    return String.join(" " + trigger.logical() + " ", parts);
  }

  private static String describe(Map<String, JobOutcome> outcomes) {
    List<String> parts = new ArrayList<>();
    outcomes.values().forEach(o -> parts.add(o.job() + " " + o.state()));
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }
}

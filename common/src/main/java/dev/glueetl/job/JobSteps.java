package dev.glueetl.job;

import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.error.InvariantViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run wrapper of every job body: the body runs as named steps over one {@link TableWrites}, and whatever stops it
 * restores every table the run changed, so a failed run leaves the lake as it was. What it rethrows says whose the
 * failure is:
 *
 * <ul>
 *   <li>a {@link GlueEtlException} (the user's data, configuration or environment) as it is;
 *   <li>an {@link InvariantViolation} or a Java programming error (null pointer, bad cast or index): ours, as it is,
 *       with its stack trace, never disguised as a failed write;
 *   <li>anything else (Spark, Delta, the file system) as {@code WRITE_FAILED} naming the step and what was restored.
 * </ul>
 *
 * An {@link Error} is not caught: a {@link CommitPoints.SimulatedCrash} or an out-of-memory ends the run as a kill does,
 * leaving the lock and the PENDING batch for the next run.
 */
public final class JobSteps {
  private static final Logger LOG = LoggerFactory.getLogger(JobSteps.class);

  private final JobContext context;
  private final TableWrites writes;
  private final List<Runnable> cleanups = new ArrayList<>();
  private String step = "start";

  private JobSteps(JobContext context) {
    this.context = context;
    this.writes = new TableWrites(context.spark(), context.lake());
  }

  /** Runs {@code body} with the wrapper's guarantees; returns what it returns. */
  public static JobReport run(JobContext context, Function<JobSteps, JobReport> body) {
    JobSteps steps = new JobSteps(context);
    try {
      return body.apply(steps);
    } catch (GlueEtlException | InvariantViolation | NullPointerException | ClassCastException | IndexOutOfBoundsException e) {
      steps.restore();
      throw e;
    } catch (Exception e) { // also Scala's AnalysisException, a checked Exception to Java
      throw Errors.writeFailed(steps.step, steps.restore(), e);
    } finally {
      steps.cleanups.forEach(Runnable::run);
    }
  }

  /** Starts the step {@code name}: a failure from here on names it. */
  public void step(String name) {
    step = name;
  }

  /** Starts the step {@code name} and reports it as a stage (log line, Spark job description). */
  public void stage(String name, String description) {
    step = name;
    context.progress().stage(name, description);
  }

  public String current() {
    return step;
  }

  /** The run's table writes: what it changes is what a failure restores. */
  public TableWrites writes() {
    return writes;
  }

  /** Runs {@code cleanup} when the body ends, however it ends (a cache to release). */
  public void onEnd(Runnable cleanup) {
    cleanups.add(cleanup);
  }

  private String restore() {
    String restored = writes.restore();
    if (!restored.isEmpty()) {
      LOG.warn("[{}] step {} failed: restored {}", context.job(), step, restored);
    }
    return restored;
  }
}

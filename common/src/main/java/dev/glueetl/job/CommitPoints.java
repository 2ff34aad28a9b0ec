package dev.glueetl.job;

import java.util.function.Consumer;

/**
 * Named points between a job's commits, where tests stop a run as a crash would. With the system property
 * {@value #CRASH_AT} set to a point's name, reaching it throws {@link SimulatedCrash}, an {@link Error} that no cleanup
 * code catches (jobs restore and record failures on {@link Exception} only), after forgetting this JVM's active runs as
 * a dead process would; with {@value #HALT} also set to {@code true}, the JVM halts at once ({@code Runtime.halt}, exit
 * code 137), skipping even {@code finally} blocks and shutdown hooks. Unset in production: reaching a point costs one
 * property lookup.
 */
public final class CommitPoints {
  public static final String CRASH_AT = "glueetl.crash.at";
  public static final String HALT = "glueetl.crash.halt";

  private static volatile Consumer<String> listener = point -> {};

  private CommitPoints() {}

  /** A crash at a commit point: an Error, so {@code catch (Exception e)} cleanup does not run. */
  public static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash(String point) {
      super("simulated crash at commit point " + point);
    }
  }

  /** Called by a job after a commit: crashes here when asked to. */
  public static void reached(String point) {
    listener.accept(point);
    if (point.equals(System.getProperty(CRASH_AT))) {
      if (Boolean.getBoolean(HALT)) {
        Runtime.getRuntime().halt(137);
      }
      RunLock.forgetActiveRuns();
      throw new SimulatedCrash(point);
    }
  }

  /** Tests: be told of every commit point reached (e.g. to hold a run there while another starts). */
  public static void listen(Consumer<String> newListener) {
    listener = newListener == null ? point -> {} : newListener;
  }
}

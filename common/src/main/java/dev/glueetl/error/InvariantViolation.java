package dev.glueetl.error;

/**
 * A check of our own failed: a bug, never the user's data or configuration (record accounting that does not add up, a
 * state the code rules out). It carries no error code on purpose and keeps its stack trace; the run wrapper restores
 * the tables and lets it through, so it is never reported as a failed write.
 */
public final class InvariantViolation extends RuntimeException {
  public InvariantViolation(String message) {
    super("internal error (a bug in glue-etl; please report it with the log): " + message);
  }
}

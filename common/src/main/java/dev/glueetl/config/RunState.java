package dev.glueetl.config;

import java.util.Set;

/**
 * The state of a job run, in Glue's words: what a conditional trigger waits for ({@code conditions[].state}), what a
 * run record holds ({@code <pipeline>_runs.job_runs.state}) and how the local workflow runner reports a job. Written
 * and printed as its name.
 */
public enum RunState {
  /** Started and not ended: the record the local workflow runner writes when it starts a job. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Glue only: the run outlived its job's timeout. */
  TIMEOUT,
  /** Glue only: the run was stopped. */
  STOPPED,
  /** Local workflow runner only: a job this workflow run never started. Never recorded. */
  NOT_RUN;

  /** The states a conditional trigger can wait for: the end states Glue reports. */
  public static final Set<RunState> CONDITION_STATES = Set.of(SUCCEEDED, FAILED, TIMEOUT, STOPPED);
}

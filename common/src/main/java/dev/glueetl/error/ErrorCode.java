package dev.glueetl.error;

/**
 * Stable codes of user-facing errors. Tests and scripts match on the code, never on the English text.
 *
 * <p>A code names what went wrong from the user's side (bad configuration, bad arguments, missing input); internal bugs
 * are plain exceptions and keep their stack trace.
 */
public enum ErrorCode {
  /** A job argument is missing, repeated or malformed. */
  ARGS_INVALID(Category.USAGE),
  /** A required job argument is absent. */
  ARGS_MISSING(Category.USAGE),
  /** The pipeline file does not exist or cannot be read. */
  CONFIG_NOT_FOUND(Category.USAGE),
  /** The pipeline file is not valid YAML, or not a mapping at the top. */
  CONFIG_INVALID_YAML(Category.USAGE),
  /** A required key is absent from the pipeline file. */
  CONFIG_MISSING_KEY(Category.USAGE),
  /** A key holds a value of the wrong type or outside its allowed values. */
  CONFIG_INVALID_VALUE(Category.USAGE),
  /** A key that the pipeline file format does not know (usually a typo). */
  CONFIG_UNKNOWN_KEY(Category.USAGE),
  /** A built-in pipeline name that does not exist and is not a file either. */
  PIPELINE_NOT_FOUND(Category.USAGE),
  /** The landing input matches no file. */
  INPUT_NOT_FOUND(Category.DATA),
  /** An input or table lacks a column the job needs, or has it with another type. */
  SCHEMA_MISMATCH(Category.DATA),
  /** The lake root does not exist (for commands that only read it). */
  LAKE_NOT_FOUND(Category.USAGE),
  /**
   * SQL does not parse: a query given on the command line (or it failed to analyse), or SQL of the pipeline file (a
   * metric query, a DQDL CustomSql statement or where clause), reported when the file is loaded.
   */
  SQL_INVALID(Category.USAGE),
  /**
   * SQL of the pipeline file is not exactly one query that only reads: a metric query or DQDL CustomSql statement that
   * is DDL, DML, a command or several statements, or any pipeline SQL calling reflect, java_method, try_reflect,
   * TRANSFORM ... USING or a function named through IDENTIFIER(...).
   */
  SQL_NOT_A_QUERY(Category.USAGE),
  /** Another run of the same pipeline is writing (it holds the pipeline's run lock); this run did nothing. */
  CONCURRENT_RUN(Category.RETRY),
  /**
   * Recorded for a run that stopped without ending (killed, out of memory, timed out): the next run of the pipeline took
   * over its lock and finished or replaced what it had started.
   */
  RUN_KILLED(Category.FAILURE),
  /** A table write failed; the tables this run had already changed were restored. */
  WRITE_FAILED(Category.FAILURE),
  /** A metric query failed to analyse or run, or produced rows outside the dates it was asked for. */
  METRIC_FAILED(Category.USAGE),
  /** The JDBC export failed; the database was left as it was (the transaction was rolled back). */
  EXPORT_FAILED(Category.FAILURE),
  /** A job needs a table another job writes (aggregate needs preprocess's trusted tables). */
  TABLE_NOT_FOUND(Category.DATA),
  /** ./glue-etl profile: the table has no rows, so there is nothing to profile or suggest rules from. */
  TABLE_EMPTY(Category.DATA),
  /** A DQDL ruleset does not parse. */
  QUALITY_RULESET_INVALID(Category.USAGE),
  /** A DQDL rule type (or option) this project does not evaluate. */
  QUALITY_RULE_UNSUPPORTED(Category.USAGE),
  /** A quality ruleset with {@code action: fail} failed: the chain stops. */
  QUALITY_GATE_FAILED(Category.DATA),
  /** A database source cannot be reached, refuses the login, or fails a query; nothing was written. */
  SOURCE_UNAVAILABLE(Category.RETRY),
  /** A secret named in the pipeline (environment variable or AWS Secrets Manager) cannot be read. */
  SECRET_UNAVAILABLE(Category.RETRY),
  /** A pipeline would misbehave on AWS Glue (for example a secret only in an environment variable); deploy refuses it. */
  DEPLOYMENT_UNSAFE(Category.USAGE),
  /** ./glue-etl bench: the implementations compared disagree on sessions or daily active users; no timing is reported. */
  BENCHMARK_MISMATCH(Category.DATA),
  /** A command-line usage error (unknown command, missing operand). */
  USAGE(Category.USAGE);

  /**
   * What kind of failure a code is, and so the exit status of {@code ./glue-etl}: scripts branch on the status without
   * parsing messages. (A job's {@code main} throws instead, as Glue needs to mark the run FAILED.)
   */
  public enum Category {
    /** A bug or a failed write or export: the cause is in the log; the lake was restored. */
    FAILURE(1),
    /** The command, its arguments or the pipeline configuration (including its SQL and rulesets) are wrong: fix them. */
    USAGE(2),
    /** The data is missing, unexpected or failed a quality gate: fix the data (or the rules), then run again. */
    DATA(3),
    /** Another run holds the pipeline, or a secret store is unreachable: nothing was changed; run again later. */
    RETRY(4);

    private final int exitStatus;

    Category(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    public int exitStatus() {
      return exitStatus;
    }
  }

  private final Category category;

  ErrorCode(Category category) {
    this.category = category;
  }

  public Category category() {
    return category;
  }

  /** The process exit status for a run that ended with this error. */
  public int exitStatus() {
    return category.exitStatus();
  }
}

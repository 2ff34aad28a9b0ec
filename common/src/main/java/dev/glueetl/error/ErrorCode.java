package dev.glueetl.error;

/**
 * Stable codes of user-facing errors. Tests and scripts match on the code, never on the English text.
 *
 * <p>A code names what went wrong from the user's side (bad configuration, bad arguments, missing input); internal bugs
 * are plain exceptions and keep their stack trace.
 */
public enum ErrorCode {
  /** A job argument is missing, repeated or malformed. */
  ARGS_INVALID,
  /** A required job argument is absent. */
  ARGS_MISSING,
  /** The pipeline file does not exist or cannot be read. */
  CONFIG_NOT_FOUND,
  /** The pipeline file is not valid YAML, or not a mapping at the top. */
  CONFIG_INVALID_YAML,
  /** A required key is absent from the pipeline file. */
  CONFIG_MISSING_KEY,
  /** A key holds a value of the wrong type or outside its allowed values. */
  CONFIG_INVALID_VALUE,
  /** A key that the pipeline file format does not know (usually a typo). */
  CONFIG_UNKNOWN_KEY,
  /** A built-in pipeline name that does not exist and is not a file either. */
  PIPELINE_NOT_FOUND,
  /** The landing input matches no file. */
  INPUT_NOT_FOUND,
  /** An input or table lacks a column the job needs, or has it with another type. */
  SCHEMA_MISMATCH,
  /** The lake root does not exist (for commands that only read it). */
  LAKE_NOT_FOUND,
  /**
   * SQL does not parse: a query given on the command line (or it failed to analyse), or SQL of the pipeline file (a
   * metric query, a DQDL CustomSql statement or where clause), reported when the file is loaded.
   */
  SQL_INVALID,
  /**
   * SQL of the pipeline file is not exactly one query that only reads: a metric query or DQDL CustomSql statement that
   * is DDL, DML, a command or several statements, or any pipeline SQL calling reflect, java_method, try_reflect,
   * TRANSFORM ... USING or a function named through IDENTIFIER(...).
   */
  SQL_NOT_A_QUERY,
  /** Another run of the same pipeline is writing (it holds the pipeline's run lock); this run did nothing. */
  CONCURRENT_RUN,
  /**
   * Recorded for a run that stopped without ending (killed, out of memory, timed out): the next run of the pipeline took
   * over its lock and finished or replaced what it had started.
   */
  RUN_KILLED,
  /** A table write failed; the tables this run had already changed were restored. */
  WRITE_FAILED,
  /** A metric query failed to analyse or run, or produced rows outside the dates it was asked for. */
  METRIC_FAILED,
  /** The JDBC export failed; the database was left as it was (the transaction was rolled back). */
  EXPORT_FAILED,
  /** A job needs a table another job writes (aggregate needs preprocess's trusted tables). */
  TABLE_NOT_FOUND,
  /** A DQDL ruleset does not parse. */
  QUALITY_RULESET_INVALID,
  /** A DQDL rule type (or option) this project does not evaluate. */
  QUALITY_RULE_UNSUPPORTED,
  /** A quality ruleset with {@code action: fail} failed: the chain stops. */
  QUALITY_GATE_FAILED,
  /** A secret named in the pipeline (environment variable or AWS Secrets Manager) cannot be read. */
  SECRET_UNAVAILABLE,
  /** A pipeline would misbehave on AWS Glue (for example a secret only in an environment variable); deploy refuses it. */
  DEPLOYMENT_UNSAFE,
  /** ./glue-etl bench: the implementations compared disagree on sessions or daily active users; no timing is reported. */
  BENCHMARK_MISMATCH,
  /** A command-line usage error (unknown command, missing operand). */
  USAGE
}

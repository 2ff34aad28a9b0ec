package dev.glueetl.error;

import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one factory of user-facing errors. Each method documents when it is thrown. */
public final class Errors {
  private Errors() {}

  /** A required key is missing from a pipeline file. */
  public static GlueEtlException missingKey(String key, String file, String expected) {
    return error(
        ErrorCode.CONFIG_MISSING_KEY,
        params("key", key, "file", file, "expected", expected),
        "missing key '" + key + "' in " + file + ": expected " + expected,
        null);
  }

  /** A key holds a value that cannot be used. */
  public static GlueEtlException invalidValue(String key, String file, Object found, String expected) {
    return error(
        ErrorCode.CONFIG_INVALID_VALUE,
        params("key", key, "file", file, "found", String.valueOf(found), "expected", expected),
        "invalid value for '" + key + "' in " + file + ": found " + describe(found) + ", expected " + expected,
        null);
  }

  /** A key the file format does not define: almost always a typo, so it is an error rather than ignored. */
  public static GlueEtlException unknownKey(String key, String file, Collection<String> known) {
    return error(
        ErrorCode.CONFIG_UNKNOWN_KEY,
        params("key", key, "file", file, "known", String.join(", ", known)),
        "unknown key '" + key + "' in " + file + ": known keys here are " + String.join(", ", known),
        null);
  }

  public static GlueEtlException configNotFound(String file, Throwable cause) {
    return error(
        ErrorCode.CONFIG_NOT_FOUND,
        params("file", file),
        "pipeline file " + file + " cannot be read" + (cause == null ? "" : " (" + cause.getMessage() + ")")
            + ": pass --pipeline with a local path or an s3:// / s3a:// URI of a pipeline YAML",
        cause);
  }

  public static GlueEtlException invalidYaml(String file, String problem) {
    return error(
        ErrorCode.CONFIG_INVALID_YAML,
        params("file", file, "problem", problem),
        file + " is not a valid pipeline file: " + problem,
        null);
  }

  public static GlueEtlException missingArgument(String key, String expected) {
    return error(
        ErrorCode.ARGS_MISSING,
        params("key", key, "expected", expected),
        "missing job argument " + key + ": expected " + expected,
        null);
  }

  public static GlueEtlException invalidArgument(String key, String problem) {
    return error(
        ErrorCode.ARGS_INVALID, params("key", key, "problem", problem), "job argument " + key + ": " + problem, null);
  }

  public static GlueEtlException pipelineNotFound(String name, Collection<String> builtIns) {
    return error(
        ErrorCode.PIPELINE_NOT_FOUND,
        params("pipeline", name, "built_ins", String.join(", ", builtIns)),
        "unknown pipeline '" + name + "': it is neither a YAML file nor a built-in pipeline ("
            + String.join(", ", builtIns) + ")",
        null);
  }

  public static GlueEtlException inputNotFound(String path, String key) {
    return error(
        ErrorCode.INPUT_NOT_FOUND,
        params("path", path, "key", key),
        "no input files match " + path + " (from " + key + "): check the path, or pass --input with a file, directory or glob",
        null);
  }

  public static GlueEtlException schemaMismatch(String what, String column, String expected, String found) {
    return error(
        ErrorCode.SCHEMA_MISMATCH,
        params("what", what, "column", column, "expected", expected, "found", found),
        what + ": column '" + column + "' expected " + expected + ", found " + found,
        null);
  }

  public static GlueEtlException lakeNotFound(String lake) {
    return error(
        ErrorCode.LAKE_NOT_FOUND,
        params("lake", lake),
        "no lake at " + lake + ": run a pipeline first (./glue-etl run app-events) or pass --lake DIR",
        null);
  }

  public static GlueEtlException invalidSql(String problem) {
    return error(ErrorCode.SQL_INVALID, params("problem", problem), "query failed: " + problem, null);
  }

  /** SQL of the pipeline file (a metric query, a DQDL CustomSql statement or where clause) does not parse. */
  public static GlueEtlException invalidSql(String source, String problem) {
    return error(
        ErrorCode.SQL_INVALID,
        params("source", source, "problem", problem),
        "SQL in " + source + " does not parse: " + problem + ": fix it so that spark.sql accepts it",
        null);
  }

  /**
   * SQL of the pipeline file does more than one query that reads: {@code found} names what (a statement's plan such as
   * {@code DropTable}, {@code 2 statements}, a call such as {@code reflect()}).
   */
  public static GlueEtlException sqlNotAQuery(String source, String found) {
    return error(
        ErrorCode.SQL_NOT_A_QUERY,
        params("source", source, "found", found),
        "SQL in " + source + " is refused: found " + found + ". Metric SQL and DQDL CustomSql must be one SELECT (or WITH ... SELECT)"
            + " query, and no SQL of a pipeline may call reflect, java_method or try_reflect (they run any Java method), use"
            + " TRANSFORM ... USING (it runs a program) or name a function through IDENTIFIER(...): keep only the query, and"
            + " do anything else outside the pipeline",
        null);
  }

  public static GlueEtlException writeFailed(String table, String restored, Throwable cause) {
    return error(
        ErrorCode.WRITE_FAILED,
        params("table", table, "restored", restored),
        "writing " + table + " failed (" + rootMessage(cause) + "); restored to their previous versions: "
            + (restored.isEmpty() ? "nothing had been written" : restored),
        cause);
  }

  /** Another run of the same pipeline holds its run lock: this one does nothing. */
  public static GlueEtlException concurrentRun(String pipeline, String runId, String job, String since, String where, String expires, String lock) {
    return error(
        ErrorCode.CONCURRENT_RUN,
        params("pipeline", pipeline, "run_id", runId, "job", job, "since", since, "where", where, "expires", expires, "lock", lock),
        "another run of pipeline " + pipeline + " is writing: " + job + " run " + runId + " since " + since + " (" + where
            + "). Nothing was written; run again when it has ended. If that run is dead on another machine, its lock expires at "
            + expires + "; to release it sooner delete " + lock,
        null);
  }

  /** A secret cannot be read; the message names where it was looked for, never its value. */
  public static GlueEtlException secretUnavailable(String source, String key, String problem) {
    return error(
        ErrorCode.SECRET_UNAVAILABLE,
        params("source", source, "key", key, "problem", problem),
        "cannot read the secret for " + key + " from " + source + ": " + problem,
        null);
  }

  public static GlueEtlException sourceUnavailable(String source, String problem) {
    return error(
        ErrorCode.SOURCE_UNAVAILABLE,
        params("source", source, "problem", problem),
        "cannot read " + source + ": " + problem + " (check the URL, the user, the password's source and that the database accepts connections from here)",
        null);
  }

  public static GlueEtlException metricFailed(String table, String source, String problem, Throwable cause) {
    return error(
        ErrorCode.METRIC_FAILED,
        params("table", table, "source", source, "problem", problem),
        "metric " + table + " (" + source + ") failed: " + problem,
        cause);
  }

  public static GlueEtlException exportFailed(String target, String problem, Throwable cause) {
    return error(
        ErrorCode.EXPORT_FAILED,
        params("target", target, "problem", problem),
        "export to " + target + " failed, rolled back, the database is as it was: " + problem,
        cause);
  }

  public static GlueEtlException tableNotFound(String table, String path, String hint) {
    return error(ErrorCode.TABLE_NOT_FOUND, params("table", table, "path", path), "no table " + table + " at " + path + ": " + hint, null);
  }

  public static GlueEtlException tableEmpty(String table, String path) {
    return error(
        ErrorCode.TABLE_EMPTY, params("table", table, "path", path),
        "table " + table + " at " + path + " has no rows: there is nothing to profile (Deequ's profiler needs data); run the jobs that fill it first", null);
  }

  public static GlueEtlException rulesetInvalid(String source, String problem) {
    return error(ErrorCode.QUALITY_RULESET_INVALID, params("source", source, "problem", problem), "ruleset " + source + " is not valid DQDL: " + problem, null);
  }

  public static GlueEtlException ruleUnsupported(String source, String rule, Collection<String> supported) {
    return error(
        ErrorCode.QUALITY_RULE_UNSUPPORTED,
        params("source", source, "rule", rule, "supported", String.join(", ", supported)),
        "ruleset " + source + ": rule '" + rule + "' is not supported; supported rule types: " + String.join(", ", supported),
        null);
  }

  public static GlueEtlException qualityGateFailed(String tables, String failed, String report) {
    return error(
        ErrorCode.QUALITY_GATE_FAILED,
        params("tables", tables, "failed", failed, "report", report),
        "quality gate failed for " + tables + ": " + failed + "; results are in the quality tables, report: " + report,
        null);
  }

  public static GlueEtlException deploymentUnsafe(String pipelineFile, List<String> problems) {
    return error(
        ErrorCode.DEPLOYMENT_UNSAFE,
        params("file", pipelineFile, "problems", String.join("; ", problems)),
        pipelineFile + " is not ready for AWS Glue: " + String.join("; ", problems),
        null);
  }

  public static GlueEtlException benchmarkMismatch(long events, List<String> differences) {
    return error(
        ErrorCode.BENCHMARK_MISMATCH,
        params("events", Long.toString(events), "differences", String.join("; ", differences)),
        "benchmark at " + events + " events: the implementations disagree, so no timing is reported: " + String.join("; ", differences),
        null);
  }

  public static GlueEtlException usage(String problem) {
    return error(ErrorCode.USAGE, params("problem", problem), problem, null);
  }

  private static GlueEtlException error(
      ErrorCode code, Map<String, String> params, String message, Throwable cause) {
    return new GlueEtlException(code, params, message, cause);
  }

  private static Map<String, String> params(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String describe(Object found) {
    if (found == null) {
      return "nothing";
    }
    if (found instanceof String) {
      return "'" + found + "'";
    }
    return found + " (" + found.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  /**
   * Rethrows any throwable unchanged, checked or not: Scala APIs throw checked exceptions (AnalysisException) that Java
   * signatures do not declare. Use as {@code throw Errors.rethrow(e);}.
   */
  public static RuntimeException rethrow(Throwable t) {
    throw Errors.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** The innermost message of a cause chain: the useful part of a Spark or Delta failure. */
  public static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null) {
      return root.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

package dev.glueetl.config;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.Zone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of a job, Glue-style: a flat list of {@code --key value} pairs (or {@code --key=value}), no program
 * name.
 *
 * <p>Ours: {@link #OWN_KEYS}: {@code --pipeline} (required), {@code --lake}, {@code --input}, {@code --run-id}, ...,
 * {@code --lake-kms-key}, and the CloudWatch metrics switches {@code --cloudwatch-metrics true|false} (default false),
 * {@code --cloudwatch-namespace} (default {@code GlueEtl}) and {@code --cloudwatch-endpoint} ({@link CloudWatchTarget}).
 * Glue's own arguments are
 * accepted and ignored, except {@code --JOB_RUN_ID} and {@code --WORKFLOW_RUN_ID}, which identify the run. Any other
 * key is ignored with a warning (Glue adds system arguments over time, and a job must never fail on them).
 *
 * <p>Run records and logs show {@link #redacted()}: values of secret-looking keys become {@code ***}.
 *
 * @param pipeline location of the pipeline YAML (local path, s3:// or s3a:// URI)
 * @param lake overrides the pipeline's {@code lake}
 * @param input overrides the pipeline's {@code source.path}
 * @param jdbcUrl overrides the {@code jdbc.url} of every database table of a {@code records} pipeline
 * @param runId overrides the generated run id
 * @param checkedZone the zone whose tables the quality job checks ({@code --zone}: RAW, TRUSTED or CURATED; all when
 *     absent), or, for a pipeline with a raw zone, the zone the preprocess job writes (RAW or TRUSTED; both when absent)
 * @param jobName Glue's {@code --JOB_NAME}
 * @param jobRunId Glue's {@code --JOB_RUN_ID}, used as run id when {@code --run-id} is absent
 * @param workflowRunId Glue's (or the local runner's) {@code --WORKFLOW_RUN_ID}
 * @param bookmark Glue's {@code --job-bookmark-option} (preprocess: which landing files to read)
 * @param lakeKmsKey the KMS key the lake is written with (SSE-KMS), applied by {@link dev.glueetl.lake.LakeEncryption}
 * @param cloudWatch where the run's metrics go; empty unless {@code --cloudwatch-metrics true}
 * @param ignored unknown keys that were ignored, for a warning
 * @param raw the arguments as received, in order; record or log {@link #redacted()} instead
 */
public record JobArguments(
    String pipeline,
    Optional<String> lake,
    Optional<String> input,
    Optional<String> jdbcUrl,
    Optional<String> runId,
    Optional<Zone> checkedZone,
    Optional<String> jobName,
    Optional<String> jobRunId,
    Optional<String> workflowRunId,
    BookmarkOption bookmark,
    Optional<String> lakeKmsKey,
    Optional<CloudWatchTarget> cloudWatch,
    List<String> ignored,
    List<String> raw) {

  /** Keys of this project, with what each expects. */
  public static final Map<String, String> OWN_KEYS =
      Collections.unmodifiableMap(
          new LinkedHashMap<>(
              Map.of(
                  "--pipeline", "a path or s3a:// URI of the pipeline YAML",
                  "--lake", "the lake root, a directory or s3a://bucket/prefix",
                  "--input", "the landing input: file, directory or glob",
                  "--jdbc-url", "a JDBC URL without a password, for every database table of the pipeline",
                  "--run-id", "an id for this run (letters, digits, '-', '_', '.')",
                  "--zone", "the zone the quality job checks (raw, trusted or curated) or, with a raw zone, the preprocess job writes (raw or trusted)",
                  "--lake-kms-key", "the ARN of the KMS key the lake's S3 bucket is written with (SSE-KMS)",
                  "--cloudwatch-metrics", "true or false: publish the run's metrics to CloudWatch",
                  "--cloudwatch-namespace", "the CloudWatch namespace of the metrics (default GlueEtl)",
                  "--cloudwatch-endpoint", "a CloudWatch endpoint URL overriding the SDK's (tests, VPC endpoints)")));

  /** Arguments AWS Glue passes to every job (or that its console lets users set); accepted and ignored. */
  public static final Set<String> GLUE_KEYS =
      Set.of(
          "--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID", "--WORKFLOW_NAME", "--WORKFLOW_RUN_ID", "--TempDir",
          "--job-bookmark-option", "--job-language", "--class", "--datalake-formats", "--extra-jars",
          "--extra-files", "--user-jars-first", "--conf", "--scriptLocation", "--spark-event-logs-path",
          "--continuous-log-logGroup", "--continuous-log-logStreamPrefix", "--continuous-log-conversionPattern",
          "--security_configuration", "--encryption-type", "--executor-cores", "--additional-python-modules",
          "--python-modules-installer-option", "--extra-py-files", "--RedshiftTempDir");

  /** The zones {@code --zone} can name, written as their {@link Zone#dirName()}. */
  private static final List<Zone> CHECKED_ZONES = List.of(Zone.RAW, Zone.TRUSTED, Zone.CURATED);

  private static final String ID_PATTERN = "[A-Za-z0-9._-]{1,128}";

  /** A KMS key as S3 takes it: a key or alias ARN, an alias name, or a key id (multi-Region keys start with mrk-). */
  static final String KMS_KEY_PATTERN =
      "arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+|alias/[A-Za-z0-9/_-]+|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32}";

  /**
   * Words that make a key look secret, matched case-insensitively anywhere in the key with '_' and '.' read as '-'
   * ({@code --db_password}, {@code --API_KEY}, {@code spark.hadoop.fs.s3a.secret.key}, {@code --oauth-token}).
   */
  public static final List<String> SECRET_WORDS =
      List.of("password", "passwd", "pwd", "secret", "token", "credential", "api-key", "apikey", "private-key", "access-key", "auth");

  /** What a redacted value becomes. */
  public static final String REDACTED = "***";

  private static final String CONF = "--conf";

  /** The arguments as received with secret-looking values replaced: what run records store and logs print. */
  public List<String> redacted() {
    return redact(raw);
  }

  /**
   * {@code args} with the value of every secret-looking key replaced by {@code ***}: {@code --key value} and {@code
   * --key=value} whose key contains one of {@link #SECRET_WORDS}, and the {@code v} of each {@code k=v} of a {@code
   * --conf} value whose {@code k} does (Glue chains them: {@code --conf a=1 --conf spark.hadoop.fs.s3a.secret.key=v}). A
   * value is the token after a key unless it starts with {@code --}, as {@link #parse} reads it. Keys stay, so a record
   * still shows what was passed.
   */
  public static List<String> redact(List<String> args) {
    List<String> redacted = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      String token = args.get(i);
      redacted.add(token);
      if (!token.startsWith("--")) {
        continue;
      }
      int equals = token.indexOf('=');
      if (equals > 0) {
        redacted.set(redacted.size() - 1, token.substring(0, equals + 1) + redactValue(token.substring(0, equals), token.substring(equals + 1)));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        redacted.add(redactValue(token, args.get(++i)));
      }
    }
    return List.copyOf(redacted);
  }

  /** Whether a key (a job argument or a Spark/Hadoop setting) looks like it names a secret. */
  public static boolean looksSecret(String key) {
    String normalized = key.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
    return SECRET_WORDS.stream().anyMatch(normalized::contains);
  }

  private static String redactValue(String key, String value) {
    if (key.equals(CONF)) {
      // a --conf value is k=v, or several joined by " --conf " (how Glue takes more than one)
      String separator = " " + CONF + " ";
      List<String> settings = new ArrayList<>();
      int start = 0;
      while (true) {
        int next = value.indexOf(separator, start);
        settings.add(redactSetting(value.substring(start, next < 0 ? value.length() : next)));
        if (next < 0) {
          return String.join(separator, settings);
        }
        start = next + separator.length();
      }
    }
    return looksSecret(key) ? REDACTED : value;
  }

  private static String redactSetting(String setting) {
    int equals = setting.indexOf('=');
    return equals > 0 && looksSecret(setting.substring(0, equals)) ? setting.substring(0, equals + 1) + REDACTED : setting;
  }

  public static JobArguments parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String token = args[i];
      if (!token.startsWith("--") || token.length() == 2) {
        throw Errors.invalidArgument(token, "expected --key value pairs, found '" + token + "' where a key belongs");
      }
      String key;
      String value;
      int equals = token.indexOf('=');
      if (equals > 0) {
        key = token.substring(0, equals);
        value = token.substring(equals + 1);
      } else {
        key = token;
        boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
        value = hasValue ? args[++i] : "";
      }
      if (OWN_KEYS.containsKey(key)) {
        if (values.containsKey(key)) {
          throw Errors.invalidArgument(key, "given twice ('" + values.get(key) + "' and '" + value + "')");
        }
        if (value.isBlank()) {
          throw Errors.invalidArgument(key, "has no value: expected " + OWN_KEYS.get(key));
        }
        values.put(key, value.trim());
      } else if (key.equals("--JOB_RUN_ID") || key.equals("--WORKFLOW_RUN_ID") || key.equals("--JOB_NAME") || key.equals("--job-bookmark-option")) {
        values.put(key, value.trim());
      } else if (!GLUE_KEYS.contains(key) && !key.startsWith("--enable-")) {
        ignored.add(key);
      }
    }
    String pipeline = values.get("--pipeline");
    if (pipeline == null) {
      throw Errors.missingArgument("--pipeline", OWN_KEYS.get("--pipeline"));
    }
    Optional<String> runId = Optional.ofNullable(values.get("--run-id"));
    runId.ifPresent(
        id -> {
          if (!id.matches(ID_PATTERN)) {
            throw Errors.invalidArgument("--run-id", "'" + id + "' is not a valid id: use 1 to 128 letters, digits, '-', '_' or '.'");
          }
        });
    Optional<Zone> checkedZone =
        Optional.ofNullable(values.get("--zone"))
            .map(
                z ->
                    CHECKED_ZONES.stream()
                        .filter(zone -> zone.dirName().equals(z))
                        .findFirst()
                        .orElseThrow(() -> Errors.invalidArgument("--zone", "'" + z + "' is not a zone a job checks or writes: use raw, trusted or curated")));
    Optional.ofNullable(values.get("--jdbc-url"))
        .filter(DatabasePassword::holdsPassword)
        .ifPresent(
            url -> {
              throw Errors.invalidArgument("--jdbc-url", "holds a password: give the URL without it (the password comes from password_env or password_secret_id)");
            });
    Optional<String> lakeKmsKey = Optional.ofNullable(values.get("--lake-kms-key"));
    lakeKmsKey.ifPresent(
        key -> {
          if (!key.matches(KMS_KEY_PATTERN)) {
            throw Errors.invalidArgument("--lake-kms-key", "'" + key + "' is not a KMS key: give its ARN, arn:aws:kms:REGION:ACCOUNT:key/ID");
          }
        });
    return new JobArguments(
        pipeline,
        Optional.ofNullable(values.get("--lake")),
        Optional.ofNullable(values.get("--input")),
        Optional.ofNullable(values.get("--jdbc-url")),
        runId,
        checkedZone,
        Optional.ofNullable(values.get("--JOB_NAME")).filter(s -> !s.isEmpty()),
        Optional.ofNullable(values.get("--JOB_RUN_ID")).filter(s -> !s.isEmpty()),
        Optional.ofNullable(values.get("--WORKFLOW_RUN_ID")).filter(s -> !s.isEmpty()),
        BookmarkOption.parse(Optional.ofNullable(values.get("--job-bookmark-option"))),
        lakeKmsKey,
        CloudWatchTarget.parse(
            Optional.ofNullable(values.get("--cloudwatch-metrics")),
            Optional.ofNullable(values.get("--cloudwatch-namespace")),
            Optional.ofNullable(values.get("--cloudwatch-endpoint"))),
        List.copyOf(ignored),
        List.of(args));
  }
}

package dev.glueetl.config;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A pipeline: one YAML file naming the source, the lake and how to process the data. Precedence of values: job
 * argument ({@code --lake}, {@code --input}) over this file over the documented default.
 *
 * @param name pipeline name: lower-case letters, digits and '-'; catalog databases are {@code <name>_<zone>} with '-'
 *     replaced by '_'
 * @param lake lake root: a local directory or {@code s3a://bucket/prefix}
 * @param source where the landing data is and how it maps onto canonical fields
 * @param sessions sessionization settings (events)
 * @param dedupe how far deduplication looks into stored events (events)
 * @param validation plausible record times
 * @param orders point-of-sale settings (orders)
 * @param metrics curated metric tables, in the order they are computed
 * @param export where curated tables are copied (a relational database), if anywhere
 * @param quality DQDL rulesets of the pipeline's tables
 * @param workflow the jobs and triggers of the pipeline on Glue and in the local runner
 * @param lakeKmsKey the KMS key the lake is written with ({@code lake.encryption.kms_key}); {@code --lake-kms-key} wins
 * @param zones the zones the data passes through, in order: landing, optionally raw, trusted, curated
 * @param file where this configuration was read from (for messages)
 */
public record PipelineConfig(
    String name,
    String lake,
    SourceConfig source,
    SessionsConfig sessions,
    DedupeConfig dedupe,
    ValidationConfig validation,
    OrdersConfig orders,
    List<MetricConfig> metrics,
    Optional<ExportConfig> export,
    List<QualityConfig> quality,
    WorkflowConfig workflow,
    Optional<String> lakeKmsKey,
    List<Zone> zones,
    String file) {

  /** The zones of a pipeline that declares none: today's chain. */
  public static final List<Zone> DEFAULT_ZONES = List.of(Zone.LANDING, Zone.TRUSTED, Zone.CURATED);
  /** The zones a pipeline may declare, in the only order they can come in. */
  private static final List<Zone> DECLARABLE_ZONES = List.of(Zone.LANDING, Zone.RAW, Zone.TRUSTED, Zone.CURATED);

  static final ConfigKey<String> NAME =
      ConfigKey.text("name", "the pipeline name, e.g. app-events")
          .required()
          .matching("[a-z][a-z0-9-]*", "lower-case letters, digits and '-', starting with a letter")
          .doc("pipeline name: lower-case letters, digits, `-`. Catalog databases are `<name>_<zone>` with `-` → `_`");
  static final ConfigKey<String> LAKE_PATH =
      ConfigKey.text("path", "a directory or s3a://bucket/prefix").required().docRequired("in the mapping form").doc("lake root, a directory or `s3a://bucket/prefix`; `--lake` overrides");
  static final ConfigKey<String> KMS_KEY =
      ConfigKey.text("kms_key", "a KMS key ARN, arn:aws:kms:REGION:ACCOUNT:key/ID")
          .required()
          .docRequired("with `encryption`")
          .matching(JobArguments.KMS_KEY_PATTERN, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), an alias or a key id")
          .doc("the KMS key every write into an S3 lake uses (SSE-KMS); `--lake-kms-key` overrides; ignored, with a log line, for a lake outside S3");
  static final ConfigKey<ConfigNode> ENCRYPTION = ConfigKey.section("encryption", ConfigSection.of(KMS_KEY));
  static final ConfigKey<ConfigNode> LAKE =
      ConfigKey.textOrSection("lake", ConfigSection.of(LAKE_PATH, ENCRYPTION), "path")
          .defaultsTo("lake")
          .doc("the lake: its root (`lake: s3a://bucket/prefix`) or `{path: ..., encryption: {kms_key: ...}}`");
  static final ConfigKey<List<Zone>> ZONES =
      ConfigKey.parsedList("zones", "zone names: landing, raw, trusted, curated", PipelineConfig::zone)
          .defaultsTo(List.of("landing", "trusted", "curated"))
          .doc("the zones the data passes through, in order: `[landing, trusted, curated]` or, for `records` pipelines, "
              + "`[landing, raw, trusted, curated]` (typed, unvalidated copies first: see [zones](zones.md))");
  static final ConfigKey<ConfigNode> SOURCE = ConfigKey.section("source", SourceConfig.KEYS).required("the landing data: type, path, format and fields");
  static final ConfigKey<ConfigNode> DEDUPE = ConfigKey.section("dedupe", DedupeConfig.KEYS);
  static final ConfigKey<ConfigNode> SESSIONS = ConfigKey.section("sessions", SessionsConfig.KEYS);
  static final ConfigKey<ConfigNode> VALIDATION = ConfigKey.section("validation", ValidationConfig.KEYS);
  static final ConfigKey<ConfigNode> ORDERS = ConfigKey.section("orders", OrdersConfig.KEYS);
  static final ConfigKey<List<ConfigNode>> METRICS =
      ConfigKey.sectionList("metrics", MetricConfig.KEYS, "a list of metrics, each with table, sql or query, key, replace_by and reach")
          .defaultsTo(List.of())
          .ownTable("metrics")
          .doc("curated metric tables: see [metrics](#metrics-metrics)");
  static final ConfigKey<ConfigNode> EXPORT = ConfigKey.section("export", ExportConfig.KEYS);
  static final ConfigKey<List<ConfigNode>> QUALITY =
      ConfigKey.sectionList("quality", QualityConfig.KEYS, "a list of rulesets, each with table, ruleset or rules, action and quarantine")
          .defaultsTo(List.of())
          .ownTable("quality")
          .doc("DQDL rulesets per table: see [quality rulesets](#quality-rulesets-quality)");
  static final ConfigKey<ConfigNode> WORKFLOW =
      ConfigKey.section("workflow", WorkflowConfig.KEYS)
          .docDefault("the default chain")
          .ownTable("workflow")
          .doc("the Glue jobs and triggers, for `./glue-etl run` and the deployment: see [workflow](#workflow-workflow)");

  /**
   * Every key of a pipeline file, from the top; the key tables of docs/pipeline-reference.md are rendered from it
   * ({@code KeyTablesDocumentedTest}).
   */
  static final ConfigSection KEYS =
      ConfigSection.of(NAME, LAKE, ZONES, SOURCE, DEDUPE, SESSIONS, VALIDATION, ORDERS, METRICS, EXPORT, QUALITY, WORKFLOW);

  /**
   * Reads and validates a pipeline file through Hadoop's FileSystem, so local paths, s3:// and s3a:// all work. Files
   * it names (metric SQL) are read relative to it, the same way.
   */
  public static PipelineConfig load(String location, Configuration hadoopConf) {
    Path parent = new Path(location).getParent();
    return parse(location, read(location, hadoopConf), relative -> read(new Path(parent, relative).toString(), hadoopConf));
  }

  /**
   * Reads a whole small text file (a pipeline, a ruleset, a SQL file) through Hadoop's FileSystem. The file system is
   * an instance of its own, closed after the read, never Hadoop's cached one: the file may lie in the lake's bucket,
   * and a cached S3A file system made before the job knows the lake's KMS key (which the file itself may name) would
   * serve the lake's writes without it.
   */
  public static String read(String location, Configuration hadoopConf) {
    try {
      Path path = new Path(location);
      try (FileSystem fs = FileSystem.newInstance(path.toUri(), hadoopConf);
          InputStream in = fs.open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      throw Errors.configNotFound(location, e);
    }
  }

  /** Parses and validates the YAML text of a pipeline; files it names are read relative to {@code file}'s directory. */
  public static PipelineConfig parse(String file, String yamlText) {
    java.nio.file.Path dir = java.nio.file.Path.of(file).toAbsolutePath().getParent();
    return parse(file, yamlText, relative -> readLocal(dir.resolve(relative), file));
  }

  /** Parses and validates the YAML text of a pipeline; {@code readRelative} reads the files it names. */
  public static PipelineConfig parse(String file, String yamlText, Function<String, String> readRelative) {
    ConfigNode root = KEYS.check(ConfigNode.root(file, yamlMapping(file, yamlText)));
    String name = NAME.read(root);
    ConfigNode lakeNode = LAKE.read(root);
    String lake = LAKE_PATH.read(lakeNode);
    Optional<String> kmsKey = ENCRYPTION.optional(lakeNode).map(KMS_KEY::read);
    SourceConfig source = SourceConfig.parse(SOURCE.read(root));
    SessionsConfig sessions = SESSIONS.optional(root).map(SessionsConfig::parse).orElse(SessionsConfig.defaults());
    DedupeConfig dedupe = DEDUPE.optional(root).map(DedupeConfig::parse).orElse(DedupeConfig.defaults());
    ValidationConfig validation = VALIDATION.optional(root).map(ValidationConfig::parse).orElse(ValidationConfig.defaults());
    OrdersConfig orders = ORDERS.optional(root).map(OrdersConfig::parse).orElse(OrdersConfig.defaults());
    List<MetricConfig> metrics = parseMetrics(root, readRelative);
    Optional<ExportConfig> export = EXPORT.optional(root).map(section -> ExportConfig.parse(section, metrics));
    List<Zone> zones = ZONES.read(root);
    checkZones(root, zones, source);
    List<QualityConfig> quality = new ArrayList<>();
    for (ConfigNode entry : QUALITY.read(root)) {
      QualityConfig gate = QualityConfig.parse(entry, name, readRelative);
      if (!zones.contains(gate.table().zone())) {
        throw QualityConfig.TABLE.invalid(entry, gate.table().zone().dirName() + "." + gate.table().table(), "a table of a zone the pipeline declares: " + names(zones));
      }
      quality.add(gate);
    }
    WorkflowConfig workflow = WORKFLOW.optional(root).map(WorkflowConfig::parse).orElse(WorkflowConfig.defaults(zones));
    return new PipelineConfig(name, lake, source, sessions, dedupe, validation, orders, metrics, export, List.copyOf(quality), workflow, kmsKey, zones, file);
  }

  /** Applies job-argument overrides ({@code --lake}, {@code --input}, {@code --jdbc-url}), which win over the file. */
  public PipelineConfig withOverrides(JobArguments args) {
    if (args.jdbcUrl().isPresent() && !source.readsDatabase()) {
      throw Errors.invalidArgument("--jdbc-url", "the pipeline " + name + " (" + file + ") reads no database table");
    }
    return new PipelineConfig(
        name,
        args.lake().orElse(lake),
        overridden(source, args),
        sessions,
        dedupe,
        validation,
        orders,
        metrics,
        export,
        quality,
        workflow,
        args.lakeKmsKey().or(() -> lakeKmsKey),
        zones,
        file);
  }

  /** Whether the pipeline keeps a raw zone between landing and trusted. */
  public boolean hasRawZone() {
    return zones.contains(Zone.RAW);
  }

  private static Optional<Zone> zone(String text) {
    return DECLARABLE_ZONES.stream().filter(z -> z.dirName().equals(text)).findFirst();
  }

  private static String names(List<Zone> zones) {
    return String.join(", ", zones.stream().map(Zone::dirName).toList());
  }

  /** landing first, curated last, trusted required, each once, in the order landing, raw, trusted, curated. */
  private static void checkZones(ConfigNode root, List<Zone> zones, SourceConfig source) {
    String expected = "[landing, trusted, curated] or [landing, raw, trusted, curated]: landing first, curated last, trusted required, each once";
    boolean ordered = true;
    for (int i = 1; i < zones.size(); i++) {
      ordered &= DECLARABLE_ZONES.indexOf(zones.get(i - 1)) < DECLARABLE_ZONES.indexOf(zones.get(i));
    }
    if (!ordered || zones.isEmpty() || zones.get(0) != Zone.LANDING || zones.get(zones.size() - 1) != Zone.CURATED || !zones.contains(Zone.TRUSTED)) {
      throw ZONES.invalid(root, names(zones), expected);
    }
    if (zones.contains(Zone.RAW) && source.type() != SourceType.RECORDS) {
      throw ZONES.invalid(root, names(zones), "[landing, trusted, curated]: a raw zone needs source.type records");
    }
  }

  /** The source with {@code --input} (its path) and {@code --jdbc-url} (every database table's URL) applied. */
  private static SourceConfig overridden(SourceConfig source, JobArguments args) {
    SourceConfig withInput = args.input().map(source::withPath).orElse(source);
    return args.jdbcUrl().map(withInput::withJdbcUrl).orElse(withInput);
  }

  public Optional<MetricConfig> metric(String table) {
    return metrics.stream().filter(m -> m.table().equals(table)).findFirst();
  }

  private static List<MetricConfig> parseMetrics(ConfigNode root, Function<String, String> readRelative) {
    List<MetricConfig> metrics = new ArrayList<>();
    for (ConfigNode entry : METRICS.read(root)) {
      MetricConfig metric = MetricConfig.parse(entry, readRelative);
      if (metrics.stream().anyMatch(m -> m.table().equals(metric.table()))) {
        throw MetricConfig.TABLE.invalid(entry, metric.table(), "a table name not used by another metric");
      }
      metrics.add(metric);
    }
    return List.copyOf(metrics);
  }

  private static String readLocal(java.nio.file.Path path, String pipelineFile) {
    try {
      return java.nio.file.Files.readString(path);
    } catch (IOException e) {
      throw Errors.configNotFound(path + " (named in " + pipelineFile + ")", e);
    }
  }

  private static Map<String, Object> yamlMapping(String file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object document;
    try {
      document = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw Errors.invalidYaml(file, e.getMessage().replace('\n', ' '));
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw Errors.invalidYaml(file, "expected a mapping of keys (name, lake, source, ...) at the top");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((k, v) -> result.put(String.valueOf(k), v));
    return result;
  }
}

package dev.glueetl.config;

import dev.glueetl.error.Errors;
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
    String file) {

  static final ConfigKey<String> NAME =
      ConfigKey.text("name", "the pipeline name, e.g. app-events")
          .required()
          .matching("[a-z][a-z0-9-]*", "lower-case letters, digits and '-', starting with a letter")
          .doc("pipeline name: lower-case letters, digits, `-`. Catalog databases are `<name>_<zone>` with `-` → `_`");
  static final ConfigKey<String> LAKE =
      ConfigKey.text("lake", "a directory or s3a://bucket/prefix").defaultsTo("lake").doc("lake root, a directory or `s3a://bucket/prefix`; `--lake` overrides");
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
      ConfigSection.of(NAME, LAKE, SOURCE, DEDUPE, SESSIONS, VALIDATION, ORDERS, METRICS, EXPORT, QUALITY, WORKFLOW);

  /**
   * Reads and validates a pipeline file through Hadoop's FileSystem, so local paths, s3:// and s3a:// all work. Files
   * it names (metric SQL) are read relative to it, the same way.
   */
  public static PipelineConfig load(String location, Configuration hadoopConf) {
    Path parent = new Path(location).getParent();
    return parse(location, read(location, hadoopConf), relative -> read(new Path(parent, relative).toString(), hadoopConf));
  }

  /** Reads a whole small text file (a pipeline, a ruleset, a SQL file) through Hadoop's FileSystem. */
  public static String read(String location, Configuration hadoopConf) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(hadoopConf);
      try (InputStream in = fs.open(path)) {
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
    String lake = LAKE.read(root);
    SourceConfig source = SourceConfig.parse(SOURCE.read(root));
    SessionsConfig sessions = SESSIONS.optional(root).map(SessionsConfig::parse).orElse(SessionsConfig.defaults());
    DedupeConfig dedupe = DEDUPE.optional(root).map(DedupeConfig::parse).orElse(DedupeConfig.defaults());
    ValidationConfig validation = VALIDATION.optional(root).map(ValidationConfig::parse).orElse(ValidationConfig.defaults());
    OrdersConfig orders = ORDERS.optional(root).map(OrdersConfig::parse).orElse(OrdersConfig.defaults());
    List<MetricConfig> metrics = parseMetrics(root, readRelative);
    Optional<ExportConfig> export = EXPORT.optional(root).map(section -> ExportConfig.parse(section, metrics));
    List<QualityConfig> quality = new ArrayList<>();
    for (ConfigNode entry : QUALITY.read(root)) {
      quality.add(QualityConfig.parse(entry, name, readRelative));
    }
    WorkflowConfig workflow = WORKFLOW.optional(root).map(WorkflowConfig::parse).orElse(WorkflowConfig.defaults());
    return new PipelineConfig(name, lake, source, sessions, dedupe, validation, orders, metrics, export, List.copyOf(quality), workflow, file);
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
        file);
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

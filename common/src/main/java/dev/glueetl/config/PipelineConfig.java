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

  static final List<String> KEYS = List.of("name", "lake", "source", "sessions", "dedupe", "validation", "orders", "metrics", "export", "quality", "workflow");

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
    ConfigNode root = ConfigNode.root(file, yamlMapping(file, yamlText));
    root.rejectUnknownKeys(KEYS);
    String name = root.requiredString("name", "the pipeline name, e.g. app-events");
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw Errors.invalidValue(root.keyOf("name"), file, name, "lower-case letters, digits and '-', starting with a letter");
    }
    String lake = root.string("lake", "lake", "a directory or s3a://bucket/prefix");
    SourceConfig source =
        SourceConfig.parse(root.requiredSection("source", "the landing data: type, path, format and fields"));
    SessionsConfig sessions = root.optionalSection("sessions").map(SessionsConfig::parse).orElse(SessionsConfig.defaults());
    DedupeConfig dedupe = root.optionalSection("dedupe").map(DedupeConfig::parse).orElse(DedupeConfig.defaults());
    ValidationConfig validation =
        root.optionalSection("validation").map(ValidationConfig::parse).orElse(ValidationConfig.defaults());
    OrdersConfig orders = root.optionalSection("orders").map(OrdersConfig::parse).orElse(OrdersConfig.defaults());
    List<MetricConfig> metrics = parseMetrics(root, readRelative);
    Optional<ExportConfig> export =
        root.optionalSection("export").map(section -> {
          section.rejectUnknownKeys(List.of("jdbc"));
          return ExportConfig.parse(section.requiredSection("jdbc", "url, user, password_env or password_secret_id, schema"), metrics);
        });
    List<QualityConfig> quality = new ArrayList<>();
    for (ConfigNode entry : root.sectionList("quality", "a list of rulesets, each with table, ruleset or rules, action and quarantine")) {
      quality.add(QualityConfig.parse(entry, name, readRelative));
    }
    WorkflowConfig workflow = root.optionalSection("workflow").map(WorkflowConfig::parse).orElse(WorkflowConfig.defaults());
    return new PipelineConfig(name, lake, source, sessions, dedupe, validation, orders, metrics, export, List.copyOf(quality), workflow, file);
  }

  /** Applies job-argument overrides ({@code --lake}, {@code --input}), which win over the file. */
  public PipelineConfig withOverrides(JobArguments args) {
    return new PipelineConfig(
        name,
        args.lake().orElse(lake),
        args.input().map(source::withPath).orElse(source),
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

  public Optional<MetricConfig> metric(String table) {
    return metrics.stream().filter(m -> m.table().equals(table)).findFirst();
  }

  private static List<MetricConfig> parseMetrics(ConfigNode root, Function<String, String> readRelative) {
    List<MetricConfig> metrics = new ArrayList<>();
    for (ConfigNode entry : root.sectionList("metrics", "a list of metrics, each with table, sql or query, key, replace_by and reach")) {
      MetricConfig metric = MetricConfig.parse(entry, readRelative);
      if (metrics.stream().anyMatch(m -> m.table().equals(metric.table()))) {
        throw Errors.invalidValue(entry.keyOf("table"), entry.file(), metric.table(), "a table name not used by another metric");
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

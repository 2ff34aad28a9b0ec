package dev.glueetl.workflow;

import dev.glueetl.aggregate.Aggregate;
import dev.glueetl.aggregate.AggregateSources;
import dev.glueetl.aggregate.ModelMetric;
import dev.glueetl.config.ExportConfig;
import dev.glueetl.config.JobArguments;
import dev.glueetl.config.MetricConfig;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.QualityConfig;
import dev.glueetl.config.RecordTableConfig;
import dev.glueetl.config.WorkflowConfig;
import dev.glueetl.events.EventsPreprocess;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.orders.OrdersPreprocess;
import dev.glueetl.quality.QualityTables;
import dev.glueetl.records.RecordsPreprocess;
import dev.glueetl.sql.TableReferences;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParserInterface;

/**
 * A pipeline's lineage before anything runs: the landing source, the workflow's triggers and jobs, the tables each job
 * writes, the tables each curated metric reads, and the rulesets the quality jobs check, as a graph and as a Mermaid
 * {@code flowchart LR}. Built from the pipeline file alone; no data is read.
 *
 * <p>Steps, in order:
 *
 * <ol>
 *   <li><b>control</b>: the start trigger starts its jobs; each conditional trigger is reached from the jobs it watches
 *       (the edge says the state it waits for) and starts its jobs, as Glue and {@link WorkflowRunner} do;
 *   <li><b>preprocess</b>: landing (a path, or one node per file or database table of a {@code records} source) into
 *       each preprocess job, which writes the trusted tables and their quarantine;
 *   <li><b>aggregate</b>: each aggregate job writes every metric's curated table; each curated table is drawn from the
 *       tables its query reads, taken from Spark's parse of the query ({@link TableReferences}): a view name
 *       ({@code events}) is the trusted table behind it, {@code affected_dates} (the job's own list of dates to
 *       recompute) is no table, any other name is drawn as written; exported tables lead to the database;
 *   <li><b>quality</b>: each quality job runs the rulesets of its {@code --zone} (all without one); a ruleset checks its
 *       table, reads its {@code references}, and moves failing rows to the quarantine when {@code quarantine: true};
 *       the job writes {@code <pipeline>_quality.results} and {@code .metrics}.
 * </ol>
 *
 * Bookkeeping tables ({@code <pipeline>_runs.*}) are left out: every job writes them. Ordering is stable: nodes by kind
 * (tables by zone, then name), edges in the order of the steps above, metric inputs by name.
 */
public final class LineageGraph {
  /** The view of the dates an aggregate run recomputes, which every metric query may read. */
  static final String AFFECTED_DATES = "affected_dates";

  public enum Kind {
    /** Landing files, or a database table a {@code records} source reads. */
    SOURCE("src"),
    TRIGGER("trigger"),
    JOB("job"),
    TABLE("table"),
    RULESET("ruleset"),
    /** The database curated tables are exported to. */
    EXPORT("export");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  /** How an edge connects: a trigger starting a job or waiting for one, data flowing, or a ruleset checking data. */
  public enum Flow {
    CONTROL,
    DATA,
    CHECK
  }

  /**
   * A node.
   *
   * @param key unique within the graph: {@code job:preprocess}, {@code table:app_events_trusted.events}
   * @param database drawn as a cylinder (tables, database tables, the export target)
   */
  public record Node(String key, Kind kind, String label, boolean database) {}

  /** An edge between two node keys; {@code label} is empty when the edge says nothing more than its flow. */
  public record Edge(String from, String to, Flow flow, String label) {
    /** {@code from --> to}, or {@code from --label--> to}: the form tests and messages compare. */
    public String describe() {
      return label.isEmpty() ? from + " --> " + to : from + " --" + label + "--> " + to;
    }
  }

  /** A pipeline's lineage: nodes in drawing order, distinct edges in the order of the steps. */
  public record Lineage(String pipeline, List<Node> nodes, List<Edge> edges) {
    public List<String> describedEdges() {
      return edges.stream().map(Edge::describe).toList();
    }

    /** The graph as a Mermaid {@code flowchart LR}. */
    public String mermaid() {
      return Mermaid.render(this);
    }
  }

  private final PipelineConfig pipeline;
  private final ParserInterface parser;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Set<Edge> edges = new LinkedHashSet<>();

  private LineageGraph(PipelineConfig pipeline, ParserInterface parser) {
    this.pipeline = pipeline;
    this.parser = parser;
  }

  /** The Mermaid diagram of a pipeline, with metric queries parsed by the session's SQL parser. */
  public static String mermaid(SparkSession spark, PipelineConfig pipeline) {
    return of(spark, pipeline).mermaid();
  }

  /** The lineage of a pipeline, with metric queries parsed by the session's SQL parser (its settings apply). */
  public static Lineage of(SparkSession spark, PipelineConfig pipeline) {
    return build(pipeline, spark.sessionState().sqlParser());
  }

  /**
   * The lineage of a pipeline without a session: metric queries are parsed by Spark's session-less Catalyst parser
   * (default SQL settings), the same grammar for queries. For the CLI, which then starts no Spark at all.
   */
  public static Lineage of(PipelineConfig pipeline) {
    return build(pipeline, CatalystSqlParser$.MODULE$);
  }

  private static Lineage build(PipelineConfig pipeline, ParserInterface parser) {
    LineageGraph graph = new LineageGraph(pipeline, parser);
    pipeline.workflow().jobs().values().forEach(graph::job); // jobs in the order of the file
    graph.control();
    for (WorkflowConfig.Job job : pipeline.workflow().jobs().values()) {
      switch (job.type()) {
        case PREPROCESS -> graph.preprocess(job);
        case AGGREGATE -> graph.aggregate(job);
        case QUALITY -> graph.quality(job);
      }
    }
    return new Lineage(pipeline.name(), graph.orderedNodes(), List.copyOf(graph.edges));
  }

  private void control() {
    WorkflowConfig workflow = pipeline.workflow();
    for (WorkflowConfig.Trigger trigger : workflow.triggers()) {
      String key = trigger(trigger);
      for (WorkflowConfig.Condition condition : trigger.conditions()) {
        edge(job(workflow.jobs().get(condition.job())), key, Flow.CONTROL, condition.state().name());
      }
      for (String action : trigger.actions()) {
        edge(key, job(workflow.jobs().get(action)), Flow.CONTROL, "");
      }
    }
  }

  private void preprocess(WorkflowConfig.Job job) {
    String jobKey = job(job);
    Optional<String> input = Optional.ofNullable(job.args().get("--input"));
    String name = pipeline.name();
    List<TableId> writes = new ArrayList<>();
    switch (pipeline.source().type()) {
      case EVENTS -> {
        edge(landing(input.orElse(pipeline.source().path())), jobKey, Flow.DATA, "");
        writes.addAll(List.of(EventsPreprocess.trustedEvents(name), EventsPreprocess.sessions(name), EventsPreprocess.quarantine(name)));
      }
      case ORDERS -> {
        edge(landing(input.orElse(pipeline.source().path())), jobKey, Flow.DATA, "");
        writes.addAll(List.of(OrdersPreprocess.trustedOrders(name), OrdersPreprocess.orderItems(name), OrdersPreprocess.quarantine(name)));
      }
      case RECORDS -> {
        // with a raw zone, --zone raw reads landing into raw, --zone trusted reads raw into trusted, no --zone does both
        Optional<String> stage = Optional.ofNullable(job.args().get("--zone")).filter(z -> pipeline.hasRawZone());
        boolean toRaw = pipeline.hasRawZone() && !stage.equals(Optional.of(Zone.TRUSTED.dirName()));
        boolean toTrusted = !stage.equals(Optional.of(Zone.RAW.dirName()));
        for (RecordTableConfig table : pipeline.source().tables()) {
          if (toRaw) {
            edge(recordSource(table, input), jobKey, Flow.DATA, "");
            writes.add(RecordsPreprocess.raw(name, table.name()));
          } else if (pipeline.hasRawZone()) {
            edge(table(RecordsPreprocess.raw(name, table.name())), jobKey, Flow.DATA, "");
          } else {
            edge(recordSource(table, input), jobKey, Flow.DATA, "");
          }
          if (toTrusted) {
            writes.add(RecordsPreprocess.trusted(name, table.name()));
          }
          writes.add(RecordsPreprocess.quarantine(name, table.name()));
        }
      }
    }
    writes.forEach(table -> edge(jobKey, table(table), Flow.DATA, ""));
  }

  private void aggregate(WorkflowConfig.Job job) {
    String jobKey = job(job);
    Map<String, TableId> views = new HashMap<>();
    for (AggregateSources.Source source : AggregateSources.of(pipeline).sources()) {
      views.put(source.view().toLowerCase(Locale.ROOT), source.table());
    }
    for (MetricConfig metric : pipeline.metrics()) {
      List<String> written = new ArrayList<>(List.of(table(Aggregate.curated(pipeline.name(), metric.table()))));
      if (metric.model().isPresent()) { // a model metric also writes its cluster centres, from the same features
        written.add(table(Aggregate.curated(pipeline.name(), metric.table() + ModelMetric.CENTRES)));
      }
      for (String curated : written) {
        edge(jobKey, curated, Flow.DATA, "");
        for (String read : TableReferences.of(parser, metric.sql(), metric.source())) {
          String lower = read.toLowerCase(Locale.ROOT);
          if (lower.equals(AFFECTED_DATES)) {
            continue;
          }
          TableId view = views.get(lower);
          edge(view != null ? table(view) : table(read), curated, Flow.DATA, metric.model().isPresent() ? "kmeans" : "");
        }
      }
    }
    pipeline.export().ifPresent(export -> {
      String target = export(export);
      for (MetricConfig metric : pipeline.metrics()) {
        if (export.tables().isEmpty() || export.tables().contains(metric.table())) {
          edge(table(Aggregate.curated(pipeline.name(), metric.table())), target, Flow.DATA, "export");
        }
      }
    });
  }

  private void quality(WorkflowConfig.Job job) {
    String jobKey = job(job);
    List<String> args = new ArrayList<>(List.of("--pipeline", pipeline.file()));
    job.args().forEach((key, value) -> args.addAll(List.of(key, value)));
    Optional<Zone> zone = JobArguments.parse(args.toArray(new String[0])).checkedZone();
    for (QualityConfig entry : pipeline.quality()) {
      if (zone.isPresent() && entry.table().zone() != zone.get()) {
        continue;
      }
      String ruleset = ruleset(entry);
      edge(jobKey, ruleset, Flow.CHECK, "");
      edge(table(entry.table()), ruleset, Flow.CHECK, "checks");
      entry.references().forEach((alias, referenced) -> edge(table(referenced), ruleset, Flow.CHECK, "references"));
      if (entry.quarantine()) {
        edge(ruleset, table(TableId.of(pipeline.name(), Zone.QUARANTINE, entry.table().table())), Flow.DATA, "failing rows");
      }
    }
    edge(jobKey, table(QualityTables.results(pipeline.name())), Flow.DATA, "");
    edge(jobKey, table(QualityTables.metrics(pipeline.name())), Flow.DATA, "");
  }

  private void edge(String from, String to, Flow flow, String label) {
    edges.add(new Edge(from, to, flow, label));
  }

  // ---- nodes: registered on first use, ordered by kind when the graph is done

  private String node(Kind kind, String name, String label, boolean database) {
    String key = kind.name().toLowerCase(Locale.ROOT) + ":" + name;
    nodes.putIfAbsent(key, new Node(key, kind, label, database));
    return key;
  }

  private String trigger(WorkflowConfig.Trigger trigger) {
    String what =
        switch (trigger.type()) {
          case SCHEDULED -> "scheduled " + trigger.schedule();
          case ON_DEMAND -> "on demand";
          case CONDITIONAL -> trigger.conditions().size() > 1 ? "conditional, " + trigger.logical() : "conditional";
        };
    return node(Kind.TRIGGER, trigger.name(), "trigger " + trigger.name() + " (" + what + ")", false);
  }

  private String job(WorkflowConfig.Job job) {
    StringJoiner args = new StringJoiner(" ", " ", "");
    args.setEmptyValue("");
    job.args().forEach((key, value) -> args.add(key + " " + value));
    return node(Kind.JOB, job.name(), "job " + job.name() + " (" + job.type().yamlName() + args + ")", false);
  }

  private String table(TableId table) {
    return table(table.catalogName());
  }

  private String table(String name) {
    return node(Kind.TABLE, name, name, true);
  }

  private String landing(String path) {
    return node(Kind.SOURCE, path, "landing " + path + " (" + pipeline.source().format().name().toLowerCase(Locale.ROOT) + ")", false);
  }

  private String recordSource(RecordTableConfig table, Optional<String> input) {
    if (table.jdbc().isPresent()) {
      String origin = table.jdbc().get().displayUrl() + " table " + table.jdbc().get().table();
      return node(Kind.SOURCE, origin, origin, true);
    }
    String path = input.map(pipeline.source()::withPath).orElse(pipeline.source()).pathOf(table);
    return node(Kind.SOURCE, path, "landing " + path + " (" + table.format().name().toLowerCase(Locale.ROOT) + ")", false);
  }

  private String ruleset(QualityConfig entry) {
    String flags = entry.action().name().toLowerCase(Locale.ROOT) + (entry.quarantine() ? ", quarantine" : "");
    return node(Kind.RULESET, entry.table().catalogName() + "/" + entry.rulesetName(), "ruleset " + entry.rulesetName() + " (" + flags + ")", false);
  }

  private String export(ExportConfig export) {
    String target = export.url().replaceAll("[?;].*", "") + " schema " + export.schema();
    return node(Kind.EXPORT, target, "export " + target, true);
  }

  /** Sources, triggers, jobs in the order met; tables by zone (trusted to quality), then name; rulesets; exports. */
  private List<Node> orderedNodes() {
    List<Node> ordered = new ArrayList<>(nodes.values());
    // stable: nodes of other kinds than tables keep the order they were met in
    ordered.sort(
        Comparator.comparing((Node n) -> n.kind().ordinal())
            .thenComparing(n -> n.kind() == Kind.TABLE ? zoneRank(n.label()) : 0)
            .thenComparing(n -> n.kind() == Kind.TABLE ? n.label() : ""));
    return List.copyOf(ordered);
  }

  /** A table's place in the lake's flow: raw, trusted, quarantine, curated, quality; names of no zone of this pipeline last. */
  private int zoneRank(String catalogName) {
    List<Zone> flow = List.of(Zone.RAW, Zone.TRUSTED, Zone.QUARANTINE, Zone.CURATED, Zone.QUALITY);
    for (int rank = 0; rank < flow.size(); rank++) {
      if (catalogName.startsWith(TableId.database(pipeline.name(), flow.get(rank)) + ".")) {
        return rank;
      }
    }
    return flow.size();
  }

  /** Mermaid text: ids made of letters, digits and '_', labels quoted and escaped. */
  static final class Mermaid {
    private Mermaid() {}

    static String render(Lineage lineage) {
      Map<String, String> ids = ids(lineage.nodes());
      StringBuilder out = new StringBuilder("flowchart LR\n");
      out.append("  %% lineage of pipeline ").append(lineage.pipeline()).append(": ./glue-etl graph ").append(lineage.pipeline()).append('\n');
      for (Node node : lineage.nodes()) {
        out.append("  ").append(ids.get(node.key())).append(shape(node)).append('\n');
      }
      for (Edge edge : lineage.edges()) {
        String arrow = edge.flow() == Flow.DATA ? "-->" : "-.->";
        out.append("  ").append(ids.get(edge.from())).append(' ').append(arrow);
        if (!edge.label().isEmpty()) {
          out.append('|').append(escape(edge.label())).append('|');
        }
        out.append(' ').append(ids.get(edge.to())).append('\n');
      }
      out.append("  classDef src fill:#fef9c3,stroke:#a16207\n");
      out.append("  classDef trigger fill:#ede9fe,stroke:#6d28d9\n");
      out.append("  classDef job fill:#dbeafe,stroke:#1d4ed8\n");
      out.append("  classDef table fill:#f1f5f9,stroke:#334155\n");
      out.append("  classDef ruleset fill:#dcfce7,stroke:#15803d\n");
      out.append("  classDef export fill:#fee2e2,stroke:#b91c1c\n");
      for (Kind kind : Kind.values()) {
        List<String> members = lineage.nodes().stream().filter(n -> n.kind() == kind).map(n -> ids.get(n.key())).toList();
        if (!members.isEmpty()) {
          out.append("  class ").append(String.join(",", members)).append(' ').append(kind.prefix).append('\n');
        }
      }
      return out.toString();
    }

    /**
     * Node ids: the kind's prefix and the name with every run of other characters than letters, digits and '_' as one
     * '_' ({@code table_app_events_trusted_events}); a name that comes out the same as an earlier one gets {@code _2},
     * {@code _3}, in node order, so ids are stable for a pipeline file.
     */
    static Map<String, String> ids(List<Node> nodes) {
      Map<String, String> ids = new LinkedHashMap<>();
      Set<String> used = new LinkedHashSet<>();
      for (Node node : nodes) {
        String name = node.key().substring(node.key().indexOf(':') + 1);
        String base = node.kind().prefix + "_" + name.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        String id = base;
        for (int n = 2; !used.add(id); n++) {
          id = base + "_" + n;
        }
        ids.put(node.key(), id);
      }
      return ids;
    }

    private static String shape(Node node) {
      String label = "\"" + escape(node.label()) + "\"";
      if (node.database()) {
        return "[(" + label + ")]";
      }
      return switch (node.kind()) {
        case SOURCE -> "[/" + label + "/]";
        case TRIGGER -> "{{" + label + "}}";
        case RULESET -> ">" + label + "]";
        default -> "[" + label + "]";
      };
    }

    /**
     * A label as a quoted Mermaid label can hold it: the characters it would read as the label's end ({@code "}), as
     * HTML ({@code < > &}) or as an entity code ({@code #quot;}) become look-alikes ({@code ' ‹ › ＆ ＃}). Not Mermaid's
     * own entity codes: Mermaid 11.17 in Chromium shows {@code #quot;} as it is, and HTML entities escaped twice.
     */
    static String escape(String text) {
      return text.replace("\"", "'").replace("<", "\u2039").replace(">", "\u203a").replace("&", "\uff06").replaceAll("#(?=[A-Za-z0-9]+;)", "\uff03");
    }
  }
}

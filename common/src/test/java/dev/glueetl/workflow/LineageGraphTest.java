package dev.glueetl.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage of the built-in pipelines, every edge derived by hand from their YAML, SQL and DQDL files. Metric queries
 * are parsed by the shared test session's parser; nothing is read or written.
 */
class LineageGraphTest {
  private static SparkSession spark;

  /** The default chain of both pipelines: start → preprocess → quality-trusted → aggregate → quality-curated. */
  private static final List<String> CONTROL =
      List.of(
          "trigger:start --> job:preprocess",
          "job:preprocess --SUCCEEDED--> trigger:after-preprocess",
          "trigger:after-preprocess --> job:quality-trusted",
          "job:quality-trusted --SUCCEEDED--> trigger:after-quality-trusted",
          "trigger:after-quality-trusted --> job:aggregate",
          "job:aggregate --SUCCEEDED--> trigger:after-aggregate",
          "trigger:after-aggregate --> job:quality-curated");

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private static PipelineConfig builtIn(String name) {
    return PipelineConfig.load(ProjectFiles.pipeline(name).toString(), new Configuration());
  }

  private static List<String> concat(List<String> first, String... rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }

  @Test
  void appEvents() {
    LineageGraph.Lineage lineage = LineageGraph.of(spark, builtIn("app-events"));

    String events = "table:app_events_trusted.events";
    String sessions = "table:app_events_trusted.sessions";
    assertThat(lineage.describedEdges())
        .containsExactlyElementsOf(
            concat(
                CONTROL,
                // preprocess: the landing path of the file, trusted events and sessions, rejected events
                "source:test-data/app-events --> job:preprocess",
                "job:preprocess --> " + events,
                "job:preprocess --> " + sessions,
                "job:preprocess --> table:app_events_quarantine.events",
                // quality-trusted (--zone trusted): the two trusted rulesets, both quarantine: true
                "job:quality-trusted --> ruleset:app_events_trusted.events/trusted-events",
                events + " --checks--> ruleset:app_events_trusted.events/trusted-events",
                "ruleset:app_events_trusted.events/trusted-events --failing rows--> table:app_events_quarantine.events",
                "job:quality-trusted --> ruleset:app_events_trusted.sessions/trusted-sessions",
                sessions + " --checks--> ruleset:app_events_trusted.sessions/trusted-sessions",
                "ruleset:app_events_trusted.sessions/trusted-sessions --failing rows--> table:app_events_quarantine.sessions",
                "job:quality-trusted --> table:app_events_quality.results",
                "job:quality-trusted --> table:app_events_quality.metrics",
                // aggregate: each metric in file order, then the tables its SQL reads (CTEs and affected_dates are none)
                "job:aggregate --> table:app_events_curated.daily_active_users",
                events + " --> table:app_events_curated.daily_active_users", // first_seen, day_users: CTEs over events
                "job:aggregate --> table:app_events_curated.active_users_rolling",
                events + " --> table:app_events_curated.active_users_rolling", // user_days, covered: CTEs
                "job:aggregate --> table:app_events_curated.sessions_daily",
                sessions + " --> table:app_events_curated.sessions_daily",
                "job:aggregate --> table:app_events_curated.events_daily",
                events + " --> table:app_events_curated.events_daily",
                "job:aggregate --> table:app_events_curated.devices_daily",
                sessions + " --> table:app_events_curated.devices_daily",
                "job:aggregate --> table:app_events_curated.hourly_activity",
                events + " --> table:app_events_curated.hourly_activity", // by_events
                sessions + " --> table:app_events_curated.hourly_activity", // by_sessions
                "job:aggregate --> table:app_events_curated.retention_weekly",
                events + " --> table:app_events_curated.retention_weekly", // first_seen, cohorts, activity (joins events), sizes
                // quality-curated (--zone curated)
                "job:quality-curated --> ruleset:app_events_curated.daily_active_users/curated",
                "table:app_events_curated.daily_active_users --checks--> ruleset:app_events_curated.daily_active_users/curated",
                "job:quality-curated --> ruleset:app_events_curated.sessions_daily/curated-sessions",
                "table:app_events_curated.sessions_daily --checks--> ruleset:app_events_curated.sessions_daily/curated-sessions",
                "job:quality-curated --> table:app_events_quality.results",
                "job:quality-curated --> table:app_events_quality.metrics"));
  }

  @Test
  void covidsModelMetricWritesItsClustersAndCentresFromTheTablesItsFeaturesRead() {
    LineageGraph.Lineage lineage = LineageGraph.of(spark, builtIn("covid"));

    String confirmed = "table:covid_trusted.confirmed";
    assertThat(lineage.describedEdges())
        .containsSubsequence(
            "job:aggregate --> table:covid_curated.region_clusters",
            confirmed + " --kmeans--> table:covid_curated.region_clusters",
            "job:aggregate --> table:covid_curated.region_clusters_centres",
            confirmed + " --kmeans--> table:covid_curated.region_clusters_centres")
        .contains("table:covid_trusted.population --> table:covid_curated.per_100k")
        .noneMatch(edge -> edge.startsWith("table:covid_trusted.deaths") && edge.contains("region_clusters"));
  }

  @Test
  void cinema() {
    LineageGraph.Lineage lineage = LineageGraph.of(spark, builtIn("cinema"));

    String crm = "source:jdbc:postgresql://localhost:5432/crm table ";
    String customers = "table:cinema_trusted.customers";
    String memberships = "table:cinema_trusted.memberships";
    String screenings = "table:cinema_trusted.screenings";
    String tickets = "table:cinema_trusted.tickets";
    String concessions = "table:cinema_trusted.concessions";
    assertThat(lineage.describedEdges())
        .containsExactlyElementsOf(
            concat(
                CONTROL,
                // preprocess: two CRM tables over JDBC, three POS folders under the landing root test-data/cinema/pos
                crm + "customers --> job:preprocess",
                crm + "memberships --> job:preprocess",
                "source:test-data/cinema/pos/screenings --> job:preprocess",
                "source:test-data/cinema/pos/tickets --> job:preprocess",
                "source:test-data/cinema/pos/concessions --> job:preprocess",
                "job:preprocess --> " + customers,
                "job:preprocess --> table:cinema_quarantine.customers",
                "job:preprocess --> " + memberships,
                "job:preprocess --> table:cinema_quarantine.memberships",
                "job:preprocess --> " + screenings,
                "job:preprocess --> table:cinema_quarantine.screenings",
                "job:preprocess --> " + tickets,
                "job:preprocess --> table:cinema_quarantine.tickets",
                "job:preprocess --> " + concessions,
                "job:preprocess --> table:cinema_quarantine.concessions",
                // quality-trusted: five rulesets; memberships and tickets reference another table
                "job:quality-trusted --> ruleset:cinema_trusted.customers/trusted-customers",
                customers + " --checks--> ruleset:cinema_trusted.customers/trusted-customers",
                "job:quality-trusted --> ruleset:cinema_trusted.memberships/trusted-memberships",
                memberships + " --checks--> ruleset:cinema_trusted.memberships/trusted-memberships",
                customers + " --references--> ruleset:cinema_trusted.memberships/trusted-memberships",
                "job:quality-trusted --> ruleset:cinema_trusted.screenings/trusted-screenings",
                screenings + " --checks--> ruleset:cinema_trusted.screenings/trusted-screenings",
                "ruleset:cinema_trusted.screenings/trusted-screenings --failing rows--> table:cinema_quarantine.screenings",
                "job:quality-trusted --> ruleset:cinema_trusted.tickets/trusted-tickets",
                tickets + " --checks--> ruleset:cinema_trusted.tickets/trusted-tickets",
                screenings + " --references--> ruleset:cinema_trusted.tickets/trusted-tickets",
                "ruleset:cinema_trusted.tickets/trusted-tickets --failing rows--> table:cinema_quarantine.tickets",
                "job:quality-trusted --> ruleset:cinema_trusted.concessions/trusted-concessions",
                concessions + " --checks--> ruleset:cinema_trusted.concessions/trusted-concessions",
                "ruleset:cinema_trusted.concessions/trusted-concessions --failing rows--> table:cinema_quarantine.concessions",
                "job:quality-trusted --> table:cinema_quality.results",
                "job:quality-trusted --> table:cinema_quality.metrics",
                // aggregate: the inputs of each metric by name
                "job:aggregate --> table:cinema_curated.screening_occupancy",
                screenings + " --> table:cinema_curated.screening_occupancy",
                tickets + " --> table:cinema_curated.screening_occupancy",
                "job:aggregate --> table:cinema_curated.film_day",
                screenings + " --> table:cinema_curated.film_day", // per_screening: a CTE
                tickets + " --> table:cinema_curated.film_day",
                "job:aggregate --> table:cinema_curated.concession_attach",
                concessions + " --> table:cinema_curated.concession_attach", // order_concessions
                screenings + " --> table:cinema_curated.concession_attach", // ticket_orders
                tickets + " --> table:cinema_curated.concession_attach",
                "job:aggregate --> table:cinema_curated.member_spend",
                concessions + " --> table:cinema_curated.member_spend", // six CTEs, a derived table in concession_totals
                memberships + " --> table:cinema_curated.member_spend",
                screenings + " --> table:cinema_curated.member_spend",
                tickets + " --> table:cinema_curated.member_spend",
                "job:aggregate --> table:cinema_curated.customers_weekly",
                tickets + " --> table:cinema_curated.customers_weekly", // customer_weeks, first_week: CTEs
                // quality-curated
                "job:quality-curated --> ruleset:cinema_curated.screening_occupancy/curated-screening-occupancy",
                "table:cinema_curated.screening_occupancy --checks--> ruleset:cinema_curated.screening_occupancy/curated-screening-occupancy",
                "job:quality-curated --> table:cinema_quality.results",
                "job:quality-curated --> table:cinema_quality.metrics"));
  }

  @Test
  void aMetricWithCtesSubqueriesAndJoinsIsDrawnFromTheTablesItReads(@TempDir Path dir) throws Exception {
    // recent: a CTE over events; a join with the sessions view; a scalar subquery on a qualified curated table; an
    // EXISTS on the CTE; the export of two metrics
    String metric =
        "  - table: engaged_users\n"
            + "    key: [date]\n"
            + "    query: >-\n"
            + "      WITH recent AS (SELECT * FROM events WHERE event_date IN (SELECT date FROM affected_dates))\n"
            + "      SELECT r.event_date AS date, COUNT(DISTINCT r.user_id) AS users, (SELECT COUNT(*) FROM app_events_curated.events_daily) AS days\n"
            + "      FROM recent r JOIN sessions s ON s.user_id = r.user_id\n"
            + "      WHERE EXISTS (SELECT 1 FROM recent x WHERE x.user_id = r.user_id AND x.event_date < r.event_date)\n"
            + "      GROUP BY r.event_date\n";
    String export =
        "export:\n  jdbc: {url: \"jdbc:postgresql://db:5432/analytics?ssl=true\", user: etl, password_env: PW, schema: bi, tables: [events_daily, engaged_users]}\n";
    Path file = ProjectFiles.pipelineCopy("app-events", dir, yaml -> yaml.replace("quality:", metric + export + "quality:"));
    PipelineConfig pipeline = PipelineConfig.load(file.toString(), new Configuration());

    List<String> edges = LineageGraph.of(spark, pipeline).describedEdges();

    assertThat(edges.stream().filter(e -> e.endsWith("--> table:app_events_curated.engaged_users")))
        .containsExactly(
            "job:aggregate --> table:app_events_curated.engaged_users",
            "table:app_events_curated.events_daily --> table:app_events_curated.engaged_users",
            "table:app_events_trusted.events --> table:app_events_curated.engaged_users",
            "table:app_events_trusted.sessions --> table:app_events_curated.engaged_users");
    assertThat(edges.stream().filter(e -> e.contains("export:")))
        .containsExactly(
            "table:app_events_curated.events_daily --export--> export:jdbc:postgresql://db:5432/analytics schema bi",
            "table:app_events_curated.engaged_users --export--> export:jdbc:postgresql://db:5432/analytics schema bi");
  }

  @Test
  void aWorkflowOfItsOwnDrawsItsTriggersStatesAndZonesAsWritten(@TempDir Path dir) throws Exception {
    // on demand start; a quality job without --zone (every ruleset); aggregate after quality SUCCEEDED or preprocess
    // FAILED; preprocess reads its own --input
    String workflow =
        "workflow:\n"
            + "  jobs:\n"
            + "    preprocess: {type: preprocess, args: {--input: /data/other}}\n"
            + "    check-all: {type: quality}\n"
            + "    aggregate: {type: aggregate}\n"
            + "  triggers:\n"
            + "    - {name: go, type: on_demand, actions: [preprocess]}\n"
            + "    - {name: checked, type: conditional, conditions: [{job: preprocess}], actions: [check-all]}\n"
            + "    - {name: either, type: conditional, logical: ANY, conditions: [{job: check-all, state: SUCCEEDED}, {job: preprocess, state: FAILED}], actions: [aggregate]}\n";
    Path file = ProjectFiles.pipelineCopy("app-events", dir, yaml -> yaml.substring(0, yaml.indexOf("workflow:")) + workflow);

    LineageGraph.Lineage lineage = LineageGraph.of(spark, PipelineConfig.load(file.toString(), new Configuration()));

    List<String> edges = lineage.describedEdges();
    assertThat(edges.subList(0, 7))
        .containsExactly(
            "trigger:go --> job:preprocess",
            "job:preprocess --SUCCEEDED--> trigger:checked",
            "trigger:checked --> job:check-all",
            "job:check-all --SUCCEEDED--> trigger:either",
            "job:preprocess --FAILED--> trigger:either",
            "trigger:either --> job:aggregate",
            "source:/data/other --> job:preprocess");
    assertThat(edges.stream().filter(e -> e.startsWith("job:check-all --> ruleset:")))
        .containsExactly(
            "job:check-all --> ruleset:app_events_trusted.events/trusted-events",
            "job:check-all --> ruleset:app_events_trusted.sessions/trusted-sessions",
            "job:check-all --> ruleset:app_events_curated.daily_active_users/curated",
            "job:check-all --> ruleset:app_events_curated.sessions_daily/curated-sessions");
    assertThat(lineage.nodes().stream().filter(n -> n.kind() == LineageGraph.Kind.TRIGGER || n.kind() == LineageGraph.Kind.JOB).map(LineageGraph.Node::label))
        .containsExactly(
            "trigger go (on demand)", "trigger checked (conditional)", "trigger either (conditional, ANY)",
            "job preprocess (preprocess --input /data/other)", "job check-all (quality)", "job aggregate (aggregate)");
  }

  @Test
  void mermaidHasValidIdsEscapedLabelsAndOneLinePerNodeAndEdge() {
    PipelineConfig pipeline = builtIn("app-events");
    LineageGraph.Lineage lineage = LineageGraph.of(spark, pipeline);

    String mermaid = lineage.mermaid();

    List<String> lines = mermaid.lines().toList();
    assertThat(lines.get(0)).isEqualTo("flowchart LR");
    assertThat(lines)
        .contains(
            "  src_test_data_app_events[/\"landing test-data/app-events (json)\"/]",
            "  trigger_start{{\"trigger start (scheduled cron(0 */2 * * ? *))\"}}",
            "  trigger_after_preprocess{{\"trigger after-preprocess (conditional)\"}}",
            "  job_quality_trusted[\"job quality-trusted (quality --zone trusted)\"]",
            "  table_app_events_trusted_events[(\"app_events_trusted.events\")]",
            "  ruleset_app_events_trusted_events_trusted_events>\"ruleset trusted-events (fail, quarantine)\"]",
            "  trigger_start -.-> job_preprocess",
            "  job_preprocess -.->|SUCCEEDED| trigger_after_preprocess",
            "  job_preprocess --> table_app_events_trusted_events",
            "  table_app_events_trusted_events -.->|checks| ruleset_app_events_trusted_events_trusted_events",
            "  class job_preprocess,job_quality_trusted,job_aggregate,job_quality_curated job");
    // 1 source, 4 triggers, 4 jobs, 3 trusted/quarantine + 1 more quarantine + 7 curated + 2 quality tables, 4 rulesets
    long nodeLines = lines.stream().filter(l -> l.matches("  [a-z]+_\\w*(\\[|\\{\\{|>).*")).count();
    assertThat(nodeLines).isEqualTo(1 + 4 + 4 + (4 + 7 + 2) + 4);
    assertThat(lines.stream().filter(l -> l.contains("-->") || l.contains("-.->")).count()).isEqualTo(lineage.edges().size()).isEqualTo(40);
    // every edge joins declared ids
    Pattern edge = Pattern.compile("  (\\w+) -\\.?->(?:\\|[^|]*\\|)? (\\w+)");
    List<String> declared = lines.stream().filter(l -> l.matches("  \\w+(\\[|\\{\\{|>).*")).map(l -> l.trim().split("[\\[{>]")[0]).toList();
    for (String line : lines) {
      Matcher m = edge.matcher(line);
      if (m.matches()) {
        assertThat(declared).contains(m.group(1), m.group(2));
      }
    }
    // the session-less parser (the CLI's) draws the same graph
    assertThat(LineageGraph.of(pipeline).mermaid()).isEqualTo(mermaid);
  }

  @Test
  void idsStayDistinctWhenNamesDifferOnlyInPunctuationAndLabelsEscapeMermaidSyntax() {
    List<LineageGraph.Node> nodes =
        List.of(
            new LineageGraph.Node("job:a-b", LineageGraph.Kind.JOB, "", false),
            new LineageGraph.Node("job:a_b", LineageGraph.Kind.JOB, "", false),
            new LineageGraph.Node("job:a.b", LineageGraph.Kind.JOB, "", false),
            new LineageGraph.Node("table:a_b", LineageGraph.Kind.TABLE, "", true));

    assertThat(LineageGraph.Mermaid.ids(nodes))
        .isEqualTo(Map.of("job:a-b", "job_a_b", "job:a_b", "job_a_b_2", "job:a.b", "job_a_b_3", "table:a_b", "table_a_b"));
    assertThat(LineageGraph.Mermaid.escape("a \"b\" <c> & #d #quot; | *.json")).isEqualTo("a 'b' \u2039c\u203a \uff06 #d \uff03quot; | *.json");
  }
}

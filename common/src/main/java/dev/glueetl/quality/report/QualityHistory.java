package dev.glueetl.quality.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the quality report site shows, computed from the rows of {@code <pipeline>_quality.results} and
 * {@code .metrics}: every run (newest first) and, per ruleset, its rules with the latest outcome, each rule's metric
 * trend over runs and the outcome history. Pure Java, no Spark: {@link QualitySite} collects the tables into
 * {@link ResultRow}s and {@link MetricRow}s and renders this.
 *
 * <p>A rule counts as failed when its outcome is {@code Failed} or {@code Error} (as the job summary counts them); a run
 * passed when every rule of every ruleset it evaluated passed.
 *
 * @param runs every quality run, newest first (by evaluation time, then run id)
 * @param rulesets one entry per table and ruleset, ordered by table then ruleset
 */
public record QualityHistory(String pipeline, List<Run> runs, List<RulesetHistory> rulesets) {
  public static final String PASSED = "Passed";
  public static final String FAILED = "Failed";

  /** One row of {@code <pipeline>_quality.results}; {@code metrics} is its {@code evaluated_metrics}. */
  public record ResultRow(
      String runId, String workflowRunId, Instant evaluatedAt, String table, String ruleset, String action, String rule, String outcome,
      String failureReason, Map<String, Double> metrics, String notes, double score) {}

  /** One row of {@code <pipeline>_quality.metrics}. */
  public record MetricRow(String runId, Instant evaluatedAt, String table, String ruleset, String metric, double value) {}

  /**
   * One quality job run.
   *
   * @param rulesets the rulesets it evaluated, in page order
   * @param failed rules that failed or erred
   * @param outcome {@link #PASSED} when every rule passed, else {@link #FAILED}
   */
  public record Run(String runId, String workflowRunId, Instant evaluatedAt, List<RulesetRef> rulesets, int passed, int failed, String outcome) {}

  /** A link to a ruleset's page. */
  public record RulesetRef(String table, String ruleset, String page) {}

  /**
   * One ruleset on one table across runs.
   *
   * @param page the file name of its page ({@code ruleset-<table>-<ruleset>.html}, unique within the site)
   * @param action the action of its latest run ({@code fail} or {@code warn})
   * @param rules the rules of its latest run, in their recorded order
   * @param runs the runs that evaluated it, newest first
   */
  public record RulesetHistory(String table, String ruleset, String page, String action, List<RuleHistory> rules, List<RulesetRun> runs) {
    public RulesetRun latest() {
      return runs.get(0);
    }
  }

  /**
   * One run of one ruleset.
   *
   * @param outcomes the outcome of each rule of {@link RulesetHistory#rules()} (same index) in this run; empty where the
   *     rule was not in the ruleset then
   */
  public record RulesetRun(String runId, Instant evaluatedAt, double score, int passed, int failed, List<String> outcomes) {
    public String outcome() {
      return failed == 0 ? PASSED : FAILED;
    }
  }

  /**
   * One rule of a ruleset, as of the ruleset's latest run.
   *
   * @param metrics its evaluated metrics in the latest run (NaN where Deequ gave none)
   * @param trends one series per metric the rule reported in any run, from the metrics table, oldest point first; a
   *     metric without any recorded value has no series
   */
  public record RuleHistory(String rule, String outcome, String failureReason, String notes, Map<String, Double> metrics, List<MetricSeries> trends) {}

  public record MetricSeries(String metric, List<Point> points) {}

  public record Point(String runId, Instant at, double value) {}

  private record RulesetKey(String table, String ruleset) {}

  /** The history of a pipeline's quality runs from the rows of its two quality tables, in any order. */
  public static QualityHistory of(String pipeline, List<ResultRow> results, List<MetricRow> metrics) {
    Comparator<ResultRow> newestFirst = Comparator.comparing(ResultRow::evaluatedAt).thenComparing(ResultRow::runId).reversed();
    // a stable sort: within a run, rows keep the order they were recorded in (the ruleset's order)
    List<ResultRow> sorted = new ArrayList<>(results);
    sorted.sort(newestFirst);

    Map<RulesetKey, List<ResultRow>> byRuleset = new LinkedHashMap<>();
    sorted.forEach(row -> byRuleset.computeIfAbsent(new RulesetKey(row.table(), row.ruleset()), k -> new ArrayList<>()).add(row));
    List<RulesetKey> keys = new ArrayList<>(byRuleset.keySet());
    keys.sort(Comparator.comparing(RulesetKey::table).thenComparing(RulesetKey::ruleset));
    Map<RulesetKey, String> pages = pageNames(keys);

    List<RulesetHistory> rulesets = new ArrayList<>();
    for (RulesetKey key : keys) {
      rulesets.add(ruleset(key, pages.get(key), byRuleset.get(key), metrics));
    }
    return new QualityHistory(pipeline, runs(sorted, keys, pages), List.copyOf(rulesets));
  }

  private static List<Run> runs(List<ResultRow> newestFirst, List<RulesetKey> keyOrder, Map<RulesetKey, String> pages) {
    Map<String, List<ResultRow>> byRun = new LinkedHashMap<>();
    newestFirst.forEach(row -> byRun.computeIfAbsent(row.runId(), k -> new ArrayList<>()).add(row));
    List<Run> runs = new ArrayList<>();
    byRun.forEach(
        (runId, rows) -> {
          Set<RulesetKey> evaluated = new HashSet<>();
          rows.forEach(row -> evaluated.add(new RulesetKey(row.table(), row.ruleset())));
          List<RulesetRef> refs = keyOrder.stream().filter(evaluated::contains).map(k -> new RulesetRef(k.table(), k.ruleset(), pages.get(k))).toList();
          int passed = (int) rows.stream().filter(row -> PASSED.equals(row.outcome())).count();
          int failed = rows.size() - passed;
          String workflowRunId = rows.stream().map(ResultRow::workflowRunId).filter(id -> id != null).findFirst().orElse(null);
          runs.add(new Run(runId, workflowRunId, rows.get(0).evaluatedAt(), refs, passed, failed, failed == 0 ? PASSED : FAILED));
        });
    return List.copyOf(runs);
  }

  private static RulesetHistory ruleset(RulesetKey key, String page, List<ResultRow> newestFirst, List<MetricRow> allMetrics) {
    Map<String, List<ResultRow>> byRun = new LinkedHashMap<>();
    newestFirst.forEach(row -> byRun.computeIfAbsent(row.runId(), k -> new ArrayList<>()).add(row));
    List<ResultRow> latestRows = byRun.values().iterator().next();
    // the same rule text twice in a ruleset is one rule here: its outcome is the first one recorded
    Map<String, ResultRow> latestByRule = new LinkedHashMap<>();
    latestRows.forEach(row -> latestByRule.putIfAbsent(row.rule(), row));
    List<String> ruleTexts = List.copyOf(latestByRule.keySet());

    List<RulesetRun> runs = new ArrayList<>();
    byRun.forEach(
        (runId, rows) -> {
          Map<String, String> outcomeOf = new HashMap<>();
          rows.forEach(row -> outcomeOf.putIfAbsent(row.rule(), row.outcome()));
          int passed = (int) rows.stream().filter(row -> PASSED.equals(row.outcome())).count();
          List<String> outcomes = ruleTexts.stream().map(rule -> outcomeOf.getOrDefault(rule, "")).toList();
          runs.add(new RulesetRun(runId, rows.get(0).evaluatedAt(), rows.get(0).score(), passed, rows.size() - passed, outcomes));
        });

    List<MetricRow> rulesetMetrics =
        allMetrics.stream().filter(m -> m.table().equals(key.table()) && m.ruleset().equals(key.ruleset())).toList();
    List<RuleHistory> rules = new ArrayList<>();
    for (String rule : ruleTexts) {
      ResultRow latest = latestByRule.get(rule);
      Set<String> metricNames = new LinkedHashSet<>();
      newestFirst.stream().filter(row -> row.rule().equals(rule) && row.metrics() != null).forEach(row -> metricNames.addAll(row.metrics().keySet()));
      List<MetricSeries> trends = new ArrayList<>();
      for (String metric : metricNames) {
        List<Point> points = series(rulesetMetrics, metric);
        if (!points.isEmpty()) {
          trends.add(new MetricSeries(metric, points));
        }
      }
      rules.add(
          new RuleHistory(
              rule, latest.outcome(), nullToEmpty(latest.failureReason()), nullToEmpty(latest.notes()),
              latest.metrics() == null ? Map.of() : new LinkedHashMap<>(latest.metrics()), List.copyOf(trends)));
    }
    return new RulesetHistory(key.table(), key.ruleset(), page, latestRows.get(0).action(), List.copyOf(rules), List.copyOf(runs));
  }

  /** A metric's values over runs, oldest first; a run that recorded it twice (two rules share it) counts once. */
  private static List<Point> series(List<MetricRow> rulesetMetrics, String metric) {
    Map<String, Point> byRun = new LinkedHashMap<>();
    rulesetMetrics.stream()
        .filter(m -> m.metric().equals(metric) && !Double.isNaN(m.value()) && !Double.isInfinite(m.value()))
        .forEach(m -> byRun.putIfAbsent(m.runId(), new Point(m.runId(), m.evaluatedAt(), m.value())));
    List<Point> points = new ArrayList<>(byRun.values());
    points.sort(Comparator.comparing(Point::at).thenComparing(Point::runId));
    return List.copyOf(points);
  }

  /**
   * File names for the ruleset pages: {@code ruleset-<table>-<ruleset>.html} with everything but letters and digits
   * turned into {@code -}, and a number appended where two would collide.
   */
  private static Map<RulesetKey, String> pageNames(List<RulesetKey> keys) {
    Map<RulesetKey, String> pages = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (RulesetKey key : keys) {
      String base = "ruleset-" + slug(key.table() + "-" + key.ruleset());
      String name = base;
      for (int n = 2; !taken.add(name); n++) {
        name = base + "-" + n;
      }
      pages.put(key, name + ".html");
    }
    return pages;
  }

  static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "ruleset" : slug;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}

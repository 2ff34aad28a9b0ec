package dev.glueetl.quality.report;

import dev.glueetl.quality.report.QualityHistory.MetricSeries;
import dev.glueetl.quality.report.QualityHistory.Point;
import dev.glueetl.quality.report.QualityHistory.RuleHistory;
import dev.glueetl.quality.report.QualityHistory.RulesetHistory;
import dev.glueetl.quality.report.QualityHistory.RulesetRef;
import dev.glueetl.quality.report.QualityHistory.RulesetRun;
import dev.glueetl.quality.report.QualityHistory.Run;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML of the quality report site. Tables are rendered here as static HTML (every text HTML-escaped); the chart
 * data goes into the page as JSON in a {@code <script type="application/json">} element, escaped so that no text can
 * end the element or start markup ({@code <}, {@code >}, {@code &} as {@code \u003c} ...), and {@code site.js} draws
 * it with uPlot. Nothing is loaded from the network.
 */
final class SitePages {
  static final String SCRIPT = "site.js";
  static final String STYLE = "site.css";
  static final String UPLOT_SCRIPT = "uPlot.iife.min.js";
  static final String UPLOT_STYLE = "uPlot.min.css";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * A chart: one series over runs, drawn into the element {@code chart-<id>}.
   *
   * @param unitInterval the values are fractions (scores): the y axis spans 0 to 1 instead of the values' own range
   */
  record Chart(String id, String label, List<Point> points, boolean unitInterval) {}

  private SitePages() {}

  /** {@code index.html}: the rulesets with their latest score and a score trend each, then every run, newest first. */
  static String index(QualityHistory history, Instant generatedAt) {
    return index(history, List.of(), generatedAt);
  }

  /** {@code index.html} with, when there are profiles, a section linking to each table's latest profile. */
  static String index(QualityHistory history, List<ProfilePages.LatestProfile> profiles, Instant generatedAt) {
    StringBuilder html = new StringBuilder();
    List<Chart> charts = new ArrayList<>();
    head(html, "Data quality: " + history.pipeline());
    html.append("<h1>Data quality: ").append(escape(history.pipeline())).append("</h1>\n<p class=\"meta\">")
        .append(history.runs().size()).append(history.runs().size() == 1 ? " run" : " runs").append(", ")
        .append(history.rulesets().size()).append(history.rulesets().size() == 1 ? " ruleset" : " rulesets")
        .append(". Generated ").append(TIME.format(generatedAt)).append(" from <code>").append(escape(tableName(history.pipeline(), "results")))
        .append("</code> and <code>").append(escape(tableName(history.pipeline(), "metrics"))).append("</code>.</p>\n");

    html.append("<h2>Rulesets</h2>\n<table id=\"rulesets\"><thead><tr><th>Table</th><th>Ruleset</th><th>Latest run</th><th>Outcome</th>")
        .append("<th>Score</th><th>Passed</th><th>Failed</th><th>Score over runs</th></tr></thead><tbody>\n");
    for (RulesetHistory ruleset : history.rulesets()) {
      RulesetRun latest = ruleset.latest();
      String chartId = "score-" + charts.size();
      charts.add(new Chart(chartId, "score", scores(ruleset), true));
      html.append("<tr><td><a href=\"").append(escape(ruleset.page())).append("\">").append(escape(ruleset.table())).append("</a></td><td><a href=\"")
          .append(escape(ruleset.page())).append("\">").append(escape(ruleset.ruleset())).append("</a></td><td>").append(TIME.format(latest.evaluatedAt()))
          .append("</td>").append(outcomeCell(latest.outcome())).append("<td class=\"num\">").append(score(latest.score())).append("</td><td class=\"num\">")
          .append(latest.passed()).append("</td><td class=\"num\">").append(latest.failed()).append("</td><td>").append(chartElement(chartId, "small"))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");

    html.append("<h2>Runs</h2>\n<table id=\"runs\"><thead><tr><th>Time</th><th>Job run</th><th>Rulesets</th><th>Passed</th><th>Failed</th>")
        .append("<th>Outcome</th></tr></thead><tbody>\n");
    for (Run run : history.runs()) {
      html.append("<tr><td>").append(TIME.format(run.evaluatedAt())).append("</td><td><code>").append(escape(run.runId())).append("</code>");
      if (run.workflowRunId() != null) {
        html.append("<br><span class=\"meta\">workflow <code>").append(escape(run.workflowRunId())).append("</code></span>");
      }
      html.append("</td><td>");
      for (int i = 0; i < run.rulesets().size(); i++) {
        RulesetRef ref = run.rulesets().get(i);
        html.append(i == 0 ? "" : "<br>").append("<a href=\"").append(escape(ref.page())).append("\">").append(escape(ref.table())).append(" &middot; ")
            .append(escape(ref.ruleset())).append("</a>");
      }
      html.append("</td><td class=\"num\">").append(run.passed()).append("</td><td class=\"num\">").append(run.failed()).append("</td>")
          .append(outcomeCell(run.outcome())).append("</tr>\n");
    }
    html.append("</tbody></table>\n");
    html.append(ProfilePages.indexSection(profiles));
    return foot(html, charts);
  }

  /** A ruleset's page: its rules with the latest outcome and metrics, a trend chart per rule metric, the outcome history. */
  static String ruleset(QualityHistory history, RulesetHistory ruleset) {
    StringBuilder html = new StringBuilder();
    List<Chart> charts = new ArrayList<>();
    RulesetRun latest = ruleset.latest();
    head(html, "Data quality: " + ruleset.table() + " · " + ruleset.ruleset());
    html.append("<p class=\"meta\"><a href=\"index.html\">&larr; ").append(escape(history.pipeline())).append(": all runs</a></p>\n<h1>")
        .append(escape(ruleset.table())).append(" &middot; ruleset ").append(escape(ruleset.ruleset())).append("</h1>\n<p>Latest run <code>")
        .append(escape(latest.runId())).append("</code> at ").append(TIME.format(latest.evaluatedAt())).append(": ")
        .append("<span class=\"").append(latest.outcome()).append("\">").append(latest.outcome()).append("</span>, score ").append(score(latest.score()))
        .append(", ").append(latest.passed()).append(" of ").append(latest.passed() + latest.failed()).append(" rules passed; action <b>")
        .append(escape(ruleset.action())).append("</b>.</p>\n");

    html.append("<h2>Rules</h2>\n<table id=\"rules\"><thead><tr><th>#</th><th>Rule</th><th>Latest outcome</th><th>Evaluated metrics</th>")
        .append("<th>Failure reason</th><th>Notes</th></tr></thead><tbody>\n");
    for (int i = 0; i < ruleset.rules().size(); i++) {
      RuleHistory rule = ruleset.rules().get(i);
      html.append("<tr><td class=\"num\">").append(i + 1).append("</td><td><code>").append(escape(rule.rule())).append("</code></td>")
          .append(outcomeCell(rule.outcome())).append("<td>");
      for (Map.Entry<String, Double> metric : rule.metrics().entrySet()) {
        html.append(escape(metric.getKey())).append(" = ").append(number(metric.getValue())).append("<br>");
      }
      html.append("</td><td>").append(escape(rule.failureReason())).append("</td><td>").append(escape(rule.notes())).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");

    html.append("<h2>Metric trends</h2>\n<div class=\"charts\">\n");
    for (int i = 0; i < ruleset.rules().size(); i++) {
      RuleHistory rule = ruleset.rules().get(i);
      for (MetricSeries series : rule.trends()) {
        String chartId = "rule-" + charts.size();
        charts.add(new Chart(chartId, series.metric(), series.points(), false));
        html.append("<figure><figcaption>#").append(i + 1).append(" <code>").append(escape(rule.rule())).append("</code><br><span class=\"meta\"><code>")
            .append(escape(series.metric())).append("</code>, ").append(series.points().size()).append(series.points().size() == 1 ? " run" : " runs")
            .append("</span></figcaption>").append(chartElement(chartId, "wide")).append("</figure>\n");
      }
    }
    html.append("</div>\n");
    if (charts.isEmpty()) {
      html.append("<p class=\"meta\">No rule of this ruleset reports a metric.</p>\n");
    }

    html.append("<h2>Outcome history</h2>\n<table id=\"history\"><thead><tr><th>Time</th><th>Job run</th><th>Score</th><th>Passed</th><th>Failed</th>");
    for (int i = 0; i < ruleset.rules().size(); i++) {
      html.append("<th title=\"").append(escape(ruleset.rules().get(i).rule())).append("\">#").append(i + 1).append("</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (RulesetRun run : ruleset.runs()) {
      html.append("<tr><td>").append(TIME.format(run.evaluatedAt())).append("</td><td><code>").append(escape(run.runId())).append("</code></td><td class=\"num\">")
          .append(score(run.score())).append("</td><td class=\"num\">").append(run.passed()).append("</td><td class=\"num\">").append(run.failed()).append("</td>");
      for (int i = 0; i < run.outcomes().size(); i++) {
        String outcome = run.outcomes().get(i);
        html.append(outcome.isEmpty() ? "<td class=\"absent\" title=\"not in the ruleset then\">&ndash;</td>" : outcomeCell(outcome));
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n");
    return foot(html, charts);
  }

  static void head(StringBuilder html, String title) {
    // site.js first: it records script errors, including any of uPlot's, before anything else runs
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(escape(title)).append("</title>\n<link rel=\"stylesheet\" href=\"").append(UPLOT_STYLE).append("\">")
        .append("<link rel=\"stylesheet\" href=\"").append(STYLE).append("\">\n<script src=\"").append(SCRIPT).append("\"></script>")
        .append("<script src=\"").append(UPLOT_SCRIPT).append("\"></script>\n</head><body>\n");
  }

  static String foot(StringBuilder html, List<Chart> charts) {
    return foot(html, charts, List.of());
  }

  /** The page's end with its chart data: time-series {@code charts} and {@code bars} (bar charts, already JSON). */
  static String foot(StringBuilder html, List<Chart> charts, List<String> bars) {
    String json = chartsJson(charts);
    if (!bars.isEmpty()) {
      json = json.substring(0, json.length() - 1) + ",\"bars\":[" + String.join(",", bars) + "]}";
    }
    html.append("<script type=\"application/json\" id=\"quality-data\">").append(json).append("</script>\n</body></html>\n");
    return html.toString();
  }

  private static String chartElement(String id, String size) {
    return "<div class=\"chart " + size + "\" id=\"chart-" + id + "\"></div>";
  }

  /** The charts as JSON: x in epoch seconds (uPlot's time scale), y the values, and each point's run id. */
  static String chartsJson(List<Chart> charts) {
    StringBuilder json = new StringBuilder("{\"charts\":[");
    for (int c = 0; c < charts.size(); c++) {
      Chart chart = charts.get(c);
      json.append(c == 0 ? "" : ",").append("{\"id\":").append(JsonStrings.quote(chart.id())).append(",\"label\":").append(JsonStrings.quote(chart.label()));
      StringBuilder x = new StringBuilder();
      StringBuilder y = new StringBuilder();
      StringBuilder runs = new StringBuilder();
      for (int p = 0; p < chart.points().size(); p++) {
        Point point = chart.points().get(p);
        String comma = p == 0 ? "" : ",";
        x.append(comma).append(point.at().toEpochMilli() / 1000.0);
        y.append(comma).append(jsonNumber(point.value()));
        runs.append(comma).append(JsonStrings.quote(point.runId()));
      }
      json.append(",\"x\":[").append(x).append("],\"y\":[").append(y).append("],\"runs\":[").append(runs).append("]")
          .append(chart.unitInterval() ? ",\"unitInterval\":true" : "").append("}");
    }
    return json.append("]}").toString();
  }

  private static List<Point> scores(RulesetHistory ruleset) {
    List<Point> points = new ArrayList<>();
    for (RulesetRun run : ruleset.runs()) {
      points.add(0, new Point(run.runId(), run.evaluatedAt(), run.score()));
    }
    return points;
  }

  private static String outcomeCell(String outcome) {
    String known = switch (outcome) {
      case "Passed", "Failed", "Error" -> outcome;
      default -> "Other";
    };
    return "<td class=\"outcome " + known + "\">" + escape(outcome) + "</td>";
  }

  private static String tableName(String pipeline, String table) {
    return pipeline.replace('-', '_') + "_quality." + table;
  }

  private static String score(double score) {
    return String.format(Locale.ROOT, "%.2f", score);
  }

  /** A metric value as people read it: whole numbers without a fraction, at most 6 significant digits otherwise. */
  static String number(Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return "NaN";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf(value.longValue());
    }
    return new BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** Text as HTML: safe in element content and in double- or single-quoted attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }


  private static String jsonNumber(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.valueOf(value);
  }
}

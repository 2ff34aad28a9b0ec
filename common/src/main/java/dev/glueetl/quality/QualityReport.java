package dev.glueetl.quality;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable report of a quality run (one HTML file, no external assets) and the same content as JSON for
 * machines. Personal columns are masked in the sample rows before they reach a report.
 */
public final class QualityReport {
  /**
   * One ruleset's results on one table.
   *
   * @param samples failed row-level rule to up to 10 failing rows, as JSON objects (personal data already masked)
   * @param quarantined rows moved to quarantine
   */
  public record Section(String table, String ruleset, String action, double score, List<RuleResult> results, Map<String, List<String>> samples, long quarantined) {}

  private QualityReport() {}

  public static String html(String pipeline, String runId, String evaluatedAt, List<Section> sections) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Data quality: ")
        .append(escape(pipeline)).append(" run ").append(escape(runId)).append("</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0;width:100%}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}th{background:#f3f3f3}")
        .append(".Passed{color:#137333;font-weight:bold}.Failed{color:#c5221f;font-weight:bold}.Error{color:#b06000;font-weight:bold}")
        .append("code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f8f8f8;padding:6px;overflow-x:auto}")
        .append("</style></head><body>\n");
    html.append("<h1>Data quality: ").append(escape(pipeline)).append("</h1>\n<p>Run <code>").append(escape(runId))
        .append("</code>, evaluated ").append(escape(evaluatedAt)).append(".</p>\n");
    for (Section section : sections) {
      long passed = section.results().stream().filter(RuleResult::passed).count();
      html.append("<h2>").append(escape(section.table())).append(" &middot; ruleset ").append(escape(section.ruleset())).append("</h2>\n<p>Score ")
          .append(String.format(Locale.ROOT, "%.2f", section.score())).append(" (").append(passed).append(" of ").append(section.results().size())
          .append(" rules passed), action <b>").append(escape(section.action())).append("</b>");
      if (section.quarantined() > 0) {
        html.append(", ").append(section.quarantined()).append(" rows moved to quarantine");
      }
      html.append(".</p>\n<table><tr><th>Rule</th><th>Outcome</th><th>Evaluated metrics</th><th>Failure reason</th><th>Notes</th></tr>\n");
      for (RuleResult result : section.results()) {
        html.append("<tr><td><code>").append(escape(result.rule())).append("</code></td><td class=\"").append(result.outcome().name()).append("\">")
            .append(result.outcome().name()).append("</td><td>");
        result.evaluatedMetrics().forEach((name, value) -> html.append(escape(name)).append(" = ").append(escape(RuleResult.format(value))).append("<br>"));
        html.append("</td><td>").append(escape(result.failureReason())).append("</td><td>").append(escape(result.notes())).append("</td></tr>\n");
      }
      html.append("</table>\n");
      section.samples().forEach(
          (rule, rows) -> {
            html.append("<h3>Failing rows of <code>").append(escape(rule)).append("</code> (up to 10)</h3>\n<pre>");
            rows.forEach(r -> html.append(escape(r)).append('\n'));
            html.append("</pre>\n");
          });
    }
    html.append("</body></html>\n");
    return html.toString();
  }

  public static String json(String pipeline, String runId, String evaluatedAt, List<Section> sections) {
    StringBuilder json = new StringBuilder();
    json.append("{\"pipeline\":").append(quote(pipeline)).append(",\"run_id\":").append(quote(runId)).append(",\"evaluated_at\":").append(quote(evaluatedAt))
        .append(",\"rulesets\":[");
    for (int s = 0; s < sections.size(); s++) {
      Section section = sections.get(s);
      json.append(s == 0 ? "" : ",").append("{\"table\":").append(quote(section.table())).append(",\"ruleset\":").append(quote(section.ruleset()))
          .append(",\"action\":").append(quote(section.action())).append(",\"score\":").append(section.score()).append(",\"quarantined\":")
          .append(section.quarantined()).append(",\"rules\":[");
      for (int r = 0; r < section.results().size(); r++) {
        RuleResult result = section.results().get(r);
        json.append(r == 0 ? "" : ",").append("{\"rule\":").append(quote(result.rule())).append(",\"outcome\":").append(quote(result.outcome().name()))
            .append(",\"failure_reason\":").append(quote(result.failureReason())).append(",\"evaluated_metrics\":{");
        List<String> metrics = new ArrayList<>();
        result.evaluatedMetrics().forEach((name, value) -> metrics.add(quote(name) + ":" + (value.isNaN() || value.isInfinite() ? "null" : value)));
        json.append(String.join(",", metrics)).append("},\"notes\":").append(quote(result.notes())).append(",\"failing_rows_sample\":[")
            .append(String.join(",", section.samples().getOrDefault(result.rule(), List.of()))).append("]}");
      }
      json.append("]}");
    }
    return json.append("]}\n").toString();
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

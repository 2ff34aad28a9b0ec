package dev.glueetl.quality;

import dev.glueetl.quality.report.JsonStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report of one quality run (JSON: every rule with outcome and metrics, and up to 10 failing rows
 * per failed row-level rule). Personal columns are masked in the sample rows before they reach it. People read the
 * report site instead ({@link dev.glueetl.quality.report.QualitySite}), which shows every run.
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

  /** One JSON string, in the escaping the report site uses too (safe even inside HTML). */
  static String quote(String text) {
    return JsonStrings.quote(text);
  }
}

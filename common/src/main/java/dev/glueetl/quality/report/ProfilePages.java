package dev.glueetl.quality.report;

import static dev.glueetl.quality.report.SitePages.escape;

import dev.glueetl.quality.profile.model.ProfileFormat;
import dev.glueetl.quality.profile.model.TableProfile.ColumnProfile;
import dev.glueetl.quality.profile.model.TableProfile.TopValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The profiles of the report site: {@code profiles.html} shows the latest profile of each table from
 * {@code <pipeline>_quality.profiles} (written by {@code ./glue-etl profile}, see docs/profiling.md), one table of
 * figures per profiled table, each column's top values also as a small uPlot bar chart; the index links to it. Every
 * text is HTML-escaped, and the chart data is JSON escaped as {@link SitePages} escapes it.
 */
public final class ProfilePages {
  static final String PAGE = "profiles.html";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * The latest profile of one table.
   *
   * @param runs how many profile runs of the table the history holds
   * @param columns its columns in the order the run recorded them
   */
  public record LatestProfile(String table, String runId, Instant profiledAt, int runs, List<ColumnProfile> columns) {
    /** The anchor of its section on the page. */
    public String anchor() {
      return "profile-" + QualityHistory.slug(table);
    }
  }

  private ProfilePages() {}

  /** The latest run of each table from the rows of the profiles table (any order of runs; a run's rows in recorded order), by table name. */
  public static List<LatestProfile> latest(Dataset<Row> profiles) {
    Map<String, List<Row>> byTable = new LinkedHashMap<>();
    for (Row row :
        profiles.selectExpr(
                "profiled_at", "run_id", "`table`", "`column`", "type", "completeness", "approx_distinct", "min", "max", "mean", "stddev", "top_values")
            .collectAsList()) {
      byTable.computeIfAbsent(row.getString(2), k -> new ArrayList<>()).add(row);
    }
    List<LatestProfile> latest = new ArrayList<>();
    byTable.forEach(
        (table, rows) -> {
          Row newest = rows.stream().max(Comparator.<Row, Instant>comparing(r -> r.getTimestamp(0).toInstant()).thenComparing(r -> r.getString(1))).orElseThrow();
          String runId = newest.getString(1);
          int runs = (int) rows.stream().map(r -> r.getString(1)).distinct().count();
          List<ColumnProfile> columns = rows.stream().filter(r -> r.getString(1).equals(runId)).map(ProfilePages::column).toList();
          latest.add(new LatestProfile(table, runId, newest.getTimestamp(0).toInstant(), runs, columns));
        });
    latest.sort(Comparator.comparing(LatestProfile::table));
    return List.copyOf(latest);
  }

  private static ColumnProfile column(Row row) {
    List<TopValue> top = new ArrayList<>();
    if (!row.isNullAt(11)) {
      for (Row value : row.<Row>getList(11)) {
        top.add(new TopValue(value.getString(0), value.getLong(1), value.getDouble(2)));
      }
    }
    return new ColumnProfile(
        row.getString(3), row.getString(4), row.getDouble(5), row.getLong(6), Optional.ofNullable(row.getString(7)), Optional.ofNullable(row.getString(8)),
        row.isNullAt(9) ? Optional.empty() : Optional.of(row.getDouble(9)), row.isNullAt(10) ? Optional.empty() : Optional.of(row.getDouble(10)), top);
  }

  /** A bar chart of top values for site.js: labels (NULL as {@code NULL}) and row counts, most frequent first. */
  private static String barsJson(String id, List<TopValue> values) {
    StringBuilder labels = new StringBuilder();
    StringBuilder counts = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      String comma = i == 0 ? "" : ",";
      labels.append(comma).append(JsonStrings.quote(values.get(i).value() == null ? "NULL" : values.get(i).value()));
      counts.append(comma).append(values.get(i).count());
    }
    return "{\"id\":" + JsonStrings.quote(id) + ",\"labels\":[" + labels + "],\"counts\":[" + counts + "]}";
  }

  /** The index's section: one row per profiled table, linking to its section of {@code profiles.html}. */
  static String indexSection(List<LatestProfile> profiles) {
    if (profiles.isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder("<h2>Profiles</h2>\n<table id=\"profiles\"><thead><tr><th>Table</th><th>Columns</th><th>Latest profile</th>")
        .append("<th>Profile runs</th></tr></thead><tbody>\n");
    for (LatestProfile profile : profiles) {
      html.append("<tr><td><a href=\"").append(PAGE).append('#').append(escape(profile.anchor())).append("\">").append(escape(profile.table()))
          .append("</a></td><td class=\"num\">").append(profile.columns().size()).append("</td><td>").append(TIME.format(profile.profiledAt()))
          .append("</td><td class=\"num\">").append(profile.runs()).append("</td></tr>\n");
    }
    return html.append("</tbody></table>\n").toString();
  }

  /** {@code profiles.html}: per table, the figures of each column of its latest profile. */
  static String page(String pipeline, List<LatestProfile> profiles, Instant generatedAt) {
    StringBuilder html = new StringBuilder();
    SitePages.head(html, "Profiles: " + pipeline);
    html.append("<p class=\"meta\"><a href=\"index.html\">&larr; ").append(escape(pipeline)).append(": all runs</a></p>\n<h1>Profiles: ")
        .append(escape(pipeline)).append("</h1>\n<p class=\"meta\">The latest profile of each table (<code>./glue-etl profile</code>). Generated ")
        .append(TIME.format(generatedAt)).append(" from <code>").append(escape(pipeline.replace('-', '_'))).append("_quality.profiles</code>. Distinct counts are")
        .append(" approximate (HyperLogLog); the standard deviation is the population one.</p>\n");
    List<String> bars = new ArrayList<>();
    for (LatestProfile profile : profiles) {
      html.append("<h2 id=\"").append(escape(profile.anchor())).append("\">").append(escape(profile.table())).append("</h2>\n<p class=\"meta\">Run <code>")
          .append(escape(profile.runId())).append("</code> at ").append(TIME.format(profile.profiledAt())).append("; ").append(profile.runs())
          .append(profile.runs() == 1 ? " profile run" : " profile runs").append(" recorded.</p>\n<table id=\"").append(escape(profile.anchor()))
          .append("-columns\"><thead><tr><th>Column</th><th>Type</th><th>Completeness</th><th>Distinct (approx.)</th><th>Min</th><th>Max</th><th>Mean</th>")
          .append("<th>Std dev</th><th>Top values</th></tr></thead><tbody>\n");
      for (ColumnProfile column : profile.columns()) {
        html.append("<tr><td><code>").append(escape(column.column())).append("</code></td><td>").append(escape(column.type())).append("</td><td class=\"num\">")
            .append(String.format(Locale.ROOT, "%.4f", column.completeness())).append("</td><td class=\"num\">").append(column.approxDistinct())
            .append("</td><td>").append(escape(column.min().orElse(""))).append("</td><td>").append(escape(column.max().orElse("")))
            .append("</td><td class=\"num\">").append(column.mean().map(ProfileFormat::number).orElse("")).append("</td><td class=\"num\">")
            .append(column.stddev().map(ProfileFormat::number).orElse("")).append("</td><td>");
        for (int i = 0; i < column.topValues().size(); i++) {
          TopValue top = column.topValues().get(i);
          html.append(i == 0 ? "" : "<br>").append(top.value() == null ? "<i>NULL</i>" : "<code>" + escape(top.value()) + "</code>").append(" ")
              .append(top.count()).append(" (").append(String.format(Locale.ROOT, "%.1f%%", top.ratio() * 100)).append(")");
        }
        if (!column.topValues().isEmpty()) {
          String id = "top-" + bars.size();
          bars.add(barsJson(id, column.topValues()));
          html.append("<div class=\"chart bars\" id=\"chart-").append(id).append("\"></div>");
        }
        html.append("</td></tr>\n");
      }
      html.append("</tbody></table>\n");
    }
    return SitePages.foot(html, List.of(), bars);
  }
}

package dev.glueetl.quality.report;

import dev.glueetl.lake.Lake;
import dev.glueetl.quality.report.QualityHistory.MetricRow;
import dev.glueetl.quality.report.QualityHistory.ResultRow;
import dev.glueetl.quality.report.QualityHistory.RulesetHistory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The quality report site of a pipeline: a folder of static HTML pages built from its two quality tables, viewable
 * from disk or any static file host with no network access. Steps, in order:
 *
 * <ol>
 *   <li><b>read</b>: collect {@code <pipeline>_quality.results} and {@code .metrics} (one row per rule, resp. metric,
 *       per run: small);
 *   <li><b>model</b>: runs, rulesets, rules, trends and outcome history ({@link QualityHistory});
 *   <li><b>write</b>: through the Hadoop FileSystem API (a local directory or {@code s3a://...}), the assets first
 *       (uPlot's script and stylesheet from its WebJar on the classpath, our {@code site.js} and {@code site.css}),
 *       then one page per ruleset, the profiles page ({@link ProfilePages}) when {@code .profiles} has rows, then
 *       {@code index.html}.
 * </ol>
 *
 * <p>Only what the tables hold appears: rule text, metric values, outcomes, failure reasons and notes; no row of data.
 */
public final class QualitySite {
  static final String INDEX = "index.html";
  private static final String UPLOT_WEBJAR = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final String OWN_ASSETS = "dev/glueetl/quality/report/";

  private QualitySite() {}

  /** Where the quality job writes a pipeline's site: {@code <lake>/_reports/<pipeline>/quality}. */
  public static String defaultLocation(Lake lake, String pipeline) {
    return lake.root() + "/_reports/" + pipeline + "/quality";
  }

  /**
   * Writes the site of {@code pipeline} from its results and metrics tables into {@code directory} (created if
   * missing; pages there are replaced) and returns the location of its {@code index.html}, qualified
   * ({@code file:/...}, {@code s3a://...}).
   */
  public static String write(String pipeline, Dataset<Row> results, Dataset<Row> metrics, String directory) {
    QualityHistory history = QualityHistory.of(pipeline, resultRows(results), metricRows(metrics));
    return write(history, List.of(), Instant.now(), directory, results.sparkSession().sparkContext().hadoopConfiguration());
  }

  /**
   * As {@link #write(String, Dataset, Dataset, String)}, with the rows of {@code <pipeline>_quality.profiles}: the
   * latest profile of each table goes on {@code profiles.html}, linked from the index (no page when there is none).
   */
  public static String write(String pipeline, Dataset<Row> results, Dataset<Row> metrics, Dataset<Row> profiles, String directory) {
    QualityHistory history = QualityHistory.of(pipeline, resultRows(results), metricRows(metrics));
    return write(history, ProfilePages.latest(profiles), Instant.now(), directory, results.sparkSession().sparkContext().hadoopConfiguration());
  }

  /** Writes the pages of {@code history} and the assets into {@code directory}; returns the index's location. */
  public static String write(QualityHistory history, Instant generatedAt, String directory, Configuration hadoop) {
    return write(history, List.of(), generatedAt, directory, hadoop);
  }

  /** Writes the pages of {@code history}, the profiles page when there are {@code profiles}, and the assets; returns the index's location. */
  public static String write(QualityHistory history, List<ProfilePages.LatestProfile> profiles, Instant generatedAt, String directory, Configuration hadoop) {
    try {
      Path root = new Path(directory);
      FileSystem fs = root.getFileSystem(hadoop);
      // locally, no .crc checksum file next to each page: a site folder holds the site only
      if (fs instanceof LocalFileSystem local) {
        fs = local.getRaw();
      }
      root = fs.makeQualified(root);
      fs.mkdirs(root);
      for (Map.Entry<String, byte[]> asset : assets().entrySet()) {
        write(fs, new Path(root, asset.getKey()), asset.getValue());
      }
      for (RulesetHistory ruleset : history.rulesets()) {
        write(fs, new Path(root, ruleset.page()), utf8(SitePages.ruleset(history, ruleset)));
      }
      if (!profiles.isEmpty()) {
        write(fs, new Path(root, ProfilePages.PAGE), utf8(ProfilePages.page(history.pipeline(), profiles, generatedAt)));
      }
      Path index = new Path(root, INDEX);
      write(fs, index, utf8(SitePages.index(history, profiles, generatedAt)));
      return index.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the quality report site to " + directory, e);
    }
  }

  /**
   * A location as a person opens it: {@code file:///abs/path} for a local file (Hadoop writes {@code file:/abs/path},
   * which browsers do not all accept), anything else unchanged.
   */
  public static String browsable(String location) {
    return location.startsWith("file:/") && !location.startsWith("file:///") ? "file:///" + location.substring("file:/".length()).replaceFirst("^/+", "") : location;
  }

  static List<ResultRow> resultRows(Dataset<Row> results) {
    List<ResultRow> rows = new ArrayList<>();
    for (Row row :
        results.selectExpr(
                "run_id", "workflow_run_id", "evaluated_at", "`table`", "ruleset", "action", "rule", "outcome", "failure_reason", "evaluated_metrics",
                "notes", "score")
            .collectAsList()) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      if (!row.isNullAt(9)) {
        row.<String, Double>getJavaMap(9).forEach((name, value) -> metrics.put(name, value == null ? Double.NaN : value));
      }
      rows.add(
          new ResultRow(
              row.getString(0), row.getString(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4), row.getString(5), row.getString(6),
              row.getString(7), row.getString(8), metrics, row.getString(10), row.getDouble(11)));
    }
    return rows;
  }

  static List<MetricRow> metricRows(Dataset<Row> metrics) {
    List<MetricRow> rows = new ArrayList<>();
    for (Row row : metrics.selectExpr("run_id", "evaluated_at", "`table`", "ruleset", "metric", "value").collectAsList()) {
      rows.add(new MetricRow(row.getString(0), row.getTimestamp(1).toInstant(), row.getString(2), row.getString(3), row.getString(4), row.getDouble(5)));
    }
    return rows;
  }

  /** File name to content: uPlot (script, stylesheet, licence) from its WebJar, and our script and stylesheet. */
  private static Map<String, byte[]> assets() throws IOException {
    Properties webjar = new Properties();
    try (InputStream in = resource(UPLOT_WEBJAR)) {
      webjar.load(in);
    }
    String uplot = "META-INF/resources/webjars/uplot/" + webjar.getProperty("version") + "/";
    Map<String, byte[]> assets = new LinkedHashMap<>();
    assets.put(SitePages.UPLOT_SCRIPT, bytes(uplot + "dist/uPlot.iife.min.js"));
    assets.put(SitePages.UPLOT_STYLE, bytes(uplot + "dist/uPlot.min.css"));
    assets.put("uPlot-LICENSE.txt", bytes(uplot + "LICENSE"));
    assets.put(SitePages.SCRIPT, bytes(OWN_ASSETS + SitePages.SCRIPT));
    assets.put(SitePages.STYLE, bytes(OWN_ASSETS + SitePages.STYLE));
    return assets;
  }

  private static byte[] bytes(String resource) throws IOException {
    try (InputStream in = resource(resource)) {
      return in.readAllBytes();
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = QualitySite.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      // a build problem, not a user's: the jar was built without the uPlot WebJar or our assets
      throw new IOException("resource " + name + " is not on the classpath (org.webjars.npm:uplot and common's resources are bundled in every jar that writes the site)");
    }
    return in;
  }

  private static void write(FileSystem fs, Path path, byte[] content) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(content);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

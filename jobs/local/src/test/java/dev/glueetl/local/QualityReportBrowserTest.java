package dev.glueetl.local;

import static dev.glueetl.quality.report.QualityRunsFixture.EVENTS_PAGE;
import static dev.glueetl.quality.report.QualityRunsFixture.R3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.lake.Lake;
import dev.glueetl.quality.QualityTables;
import dev.glueetl.quality.profile.model.TableProfile;
import dev.glueetl.quality.profile.model.TableProfile.ColumnProfile;
import dev.glueetl.quality.profile.model.TableProfile.TopValue;
import dev.glueetl.quality.profile.TableProfiling;
import dev.glueetl.quality.report.QualityRunsFixture;
import dev.glueetl.testing.Chromium;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality report site in a real browser (Debian's chromium, headless): the site is written by
 * {@link ReportCommand} from quality tables holding the hand-made runs of {@link QualityRunsFixture} (whose table gives
 * the expected rows below), and each page is loaded from disk with its scripts run. Also saves a screenshot of a
 * ruleset page to {@code target/quality-report.png} (the index to {@code quality-report-index.png}, the profiles page to
 * {@code quality-report-profiles.png}); with {@code GLUE_ETL_UPDATE_SCREENSHOT=1} it replaces
 * {@code docs/images/quality-report.png} too.
 */
class QualityReportBrowserTest {
  private static final Pattern BODY = Pattern.compile("<body([^>]*)>");
  private static final Pattern ROW = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern CELL = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL);

  @TempDir static Path work;
  private static Chromium chromium;
  private static String index;

  @BeforeAll
  static void writeTheSite() {
    chromium = Chromium.find();
    SparkSession spark = SparkTestSession.get();
    String lake = Lake.qualified(work.resolve("lake").toString(), spark.sparkContext().hadoopConfiguration()).root();
    QualityRunsFixture.writeTables(spark, lake);
    writeProfiles(spark, lake);
    index = ReportCommand.run(spark, ProjectFiles.pipeline("app-events").toString(), Optional.of(lake), Optional.empty());
  }

  @Test
  void theCommandWritesTheSiteWhereTheQualityJobDoesWithItsAssets() {
    Path site = work.resolve("lake/_reports/app-events/quality");
    assertThat(index).isEqualTo("file://" + site.resolve("index.html").toAbsolutePath());
    assertThat(site.toFile().list())
        .containsExactlyInAnyOrder(
            "index.html", EVENTS_PAGE, QualityRunsFixture.SESSIONS_PAGE, "profiles.html", "site.js", "site.css", "uPlot.iife.min.js", "uPlot.min.css", "uPlot-LICENSE.txt");
  }

  @Test
  void withOutTheSiteGoesThereInstead() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String lake = Lake.qualified(work.resolve("lake").toString(), spark.sparkContext().hadoopConfiguration()).root();
    Path out = work.resolve("elsewhere/site");

    String elsewhere = ReportCommand.run(spark, ProjectFiles.pipeline("app-events").toString(), Optional.of(lake), Optional.of(out.toString()));

    assertThat(elsewhere).isEqualTo(out.resolve("index.html").toUri().toString());
    assertThat(out.resolve(EVENTS_PAGE)).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("index.html"))).contains("<code>jr_3</code>").contains("<code>jr_1</code>");
  }

  @Test
  void theIndexShowsEveryRunNewestFirstAndDrawsAScoreChartPerRuleset() {
    String dom = chromium.dumpDom(index);

    assertThat(bodyAttribute(dom, "data-script-errors")).as(bodyAttribute(dom, "data-script-error-messages")).isEqualTo("0");
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("2");
    assertThat(count(dom, "class=\"uplot")).isEqualTo(2);
    assertThat(rows(dom, "runs"))
        .containsExactly(
            List.of("Time", "Job run", "Rulesets", "Passed", "Failed", "Outcome"),
            List.of("2024-03-03 10:00:00 UTC", "jr_3", "app_events_trusted.events · trusted-events", "3", "1", "Failed"),
            List.of("2024-03-02 10:00:00 UTC", "jr_2; workflow wr_1", "app_events_trusted.events · trusted-events; app_events_trusted.sessions · sessions",
                "4", "1", "Failed"),
            List.of("2024-03-01 10:00:00 UTC", "jr_1", "app_events_trusted.events · trusted-events", "4", "0", "Passed"));
    assertThat(rows(dom, "rulesets"))
        .containsExactly(
            List.of("Table", "Ruleset", "Latest run", "Outcome", "Score", "Passed", "Failed", "Score over runs"),
            List.of("app_events_trusted.events", "trusted-events", "2024-03-03 10:00:00 UTC", "Failed", "0.75", "3", "1", ""),
            List.of("app_events_trusted.sessions", "sessions", "2024-03-02 10:00:00 UTC", "Passed", "1.00", "2", "0", ""));
  }

  @Test
  void aRulesetPageShowsItsRulesATrendChartPerRuleMetricAndTheOutcomeHistoryWithRuleTextAsText() {
    String dom = chromium.dumpDom(index.replace("index.html", EVENTS_PAGE));

    assertThat(bodyAttribute(dom, "data-script-errors")).as(bodyAttribute(dom, "data-script-error-messages")).isEqualTo("0");
    // R1 RowCount, R2 Completeness, R3 Compliance, R4 Uniqueness; "ColumnCount = 3" is not in the latest run
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("4");
    assertThat(count(dom, "class=\"uplot")).isEqualTo(4);
    List<List<String>> rules = rows(dom, "rules");
    assertThat(rules).extracting(row -> row.get(1) + " -> " + row.get(2))
        .containsExactly("Rule -> Latest outcome", "RowCount > 0 -> Passed", "IsComplete \"user_id\" -> Passed", R3 + " -> Error", "Uniqueness \"event_id\" > 0.99 -> Passed");
    assertThat(rules.get(3).get(4)).isEqualTo("column </script><b>c</b> does not exist <b>really</b>");
    assertThat(rows(dom, "history"))
        .containsExactly(
            List.of("Time", "Job run", "Score", "Passed", "Failed", "#1", "#2", "#3", "#4"),
            List.of("2024-03-03 10:00:00 UTC", "jr_3", "0.75", "3", "1", "Passed", "Passed", "Error", "Passed"),
            List.of("2024-03-02 10:00:00 UTC", "jr_2", "0.67", "2", "1", "Passed", "Failed", "Passed", "–"),
            List.of("2024-03-01 10:00:00 UTC", "jr_1", "1.00", "4", "0", "Passed", "Passed", "Passed", "–"));
    // the rule text stayed text: the only <b> element is the page's own (the action), no injected script ran or exists
    assertThat(count(dom, "<b>")).isEqualTo(1);
    assertThat(dom).contains("action <b>warn</b>").doesNotContain("<script>alert");
  }

  /**
   * Two profile runs of app_events_trusted.events (the first with an extra column the second no longer has) and one of
   * .sessions, hand-made: the page shows the latest run of each table.
   */
  private static void writeProfiles(SparkSession spark, String lake) {
    Instant first = Instant.parse("2024-03-01T09:00:00Z");
    Instant latest = Instant.parse("2024-03-03T09:00:00Z");
    ColumnProfile eventId =
        new ColumnProfile("event_id", "string", 1.0, 4, Optional.of("e1"), Optional.of("e4"), Optional.empty(), Optional.empty(),
            List.of(new TopValue("e1", 1, 0.25), new TopValue("e2", 1, 0.25), new TopValue("e3", 1, 0.25), new TopValue("e4", 1, 0.25)));
    ColumnProfile duration =
        new ColumnProfile("duration_s", "bigint", 0.75, 3, Optional.of("0"), Optional.of("120"), Optional.of(50.0), Optional.of(49.6655),
            List.of(new TopValue("0", 1, 0.25), new TopValue("30", 1, 0.25), new TopValue("120", 1, 0.25), new TopValue(null, 1, 0.25)));
    ColumnProfile markup =
        new ColumnProfile("</script><b>c</b>", "string", 0.5, 1, Optional.of("<b>x</b>"), Optional.of("<b>x</b>"), Optional.empty(), Optional.empty(),
            List.of(new TopValue("<b>x</b>", 2, 0.5)));
    ColumnProfile sessions = new ColumnProfile("session_id", "string", 1.0, 2, Optional.of("s1"), Optional.of("s2"), Optional.empty(), Optional.empty(), List.of());
    List<Row> rows = new ArrayList<>();
    rows.addAll(TableProfiling.rows("profile-1", first, new TableProfile("app_events_trusted.events", 4, List.of(eventId, markup), List.of())));
    rows.addAll(TableProfiling.rows("profile-2", latest, new TableProfile("app_events_trusted.events", 4, List.of(eventId, duration), List.of())));
    rows.addAll(TableProfiling.rows("profile-3", first, new TableProfile("app_events_trusted.sessions", 2, List.of(sessions), List.of())));
    spark.createDataFrame(rows, QualityTables.PROFILES).coalesce(1).write().format("delta").mode("overwrite").save(lake + "/quality/app-events/profiles");
  }

  @Test
  void theProfilesPageShowsTheLatestProfileOfEachTableLinkedFromTheIndex() {
    String indexDom = chromium.dumpDom(index);
    assertThat(rows(indexDom, "profiles"))
        .containsExactly(
            List.of("Table", "Columns", "Latest profile", "Profile runs"),
            List.of("app_events_trusted.events", "2", "2024-03-03 09:00:00 UTC", "2"),
            List.of("app_events_trusted.sessions", "1", "2024-03-01 09:00:00 UTC", "1"));
    assertThat(indexDom).contains("<a href=\"profiles.html#profile-app-events-trusted-events\">");

    String dom = chromium.dumpDom(index.replace("index.html", "profiles.html"));

    assertThat(bodyAttribute(dom, "data-script-errors")).as(bodyAttribute(dom, "data-script-error-messages")).isEqualTo("0");
    // a bar chart of top values for each column that has some: event_id and duration_s (session_id has none)
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("2");
    assertThat(count(dom, "class=\"uplot")).isEqualTo(2);
    assertThat(rows(dom, "profile-app-events-trusted-events-columns"))
        .containsExactly(
            List.of("Column", "Type", "Completeness", "Distinct (approx.)", "Min", "Max", "Mean", "Std dev", "Top values"),
            List.of("event_id", "string", "1.0000", "4", "e1", "e4", "", "", "e1 1 (25.0%); e2 1 (25.0%); e3 1 (25.0%); e4 1 (25.0%)"),
            List.of("duration_s", "bigint", "0.7500", "3", "0", "120", "50", "49.6655", "0 1 (25.0%); 30 1 (25.0%); 120 1 (25.0%); NULL 1 (25.0%)"));
    assertThat(rows(dom, "profile-app-events-trusted-sessions-columns"))
        .containsExactly(
            List.of("Column", "Type", "Completeness", "Distinct (approx.)", "Min", "Max", "Mean", "Std dev", "Top values"),
            List.of("session_id", "string", "1.0000", "2", "s1", "s2", "", "", ""));
    // the first run's column with markup in its name and values is not the latest: not on the page, and nothing became markup
    assertThat(dom).doesNotContain("</script><b>").doesNotContain("&lt;b&gt;x");
  }

  @Test
  void aScriptErrorIsReportedOnTheBodyAndNoChartClaimsToBeDrawn() throws Exception {
    Path site = Path.of(java.net.URI.create(index)).getParent();
    Path broken = Files.createDirectories(work.resolve("broken-site"));
    for (String file : site.toFile().list()) {
      Files.copy(site.resolve(file), broken.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(broken.resolve("uPlot.iife.min.js"), "throw new Error('uPlot failed to load');\n");

    String dom = chromium.dumpDom(broken.resolve("index.html").toUri().toString());

    // the thrown error (a file:// page sees another file's error as "Script error."), then both charts missing uPlot
    assertThat(bodyAttribute(dom, "data-script-errors")).isEqualTo("3");
    assertThat(bodyAttribute(dom, "data-script-error-messages"))
        .isEqualTo("Script error.\nchart score-0: uPlot is not defined\nchart score-1: uPlot is not defined");
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("0");
  }

  @Test
  void screenshotsOfARulesetPageAndTheIndex() throws Exception {
    Path png = ProjectFiles.root().resolve("jobs/local/target/quality-report.png");
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);

    chromium.screenshot(index.replace("index.html", EVENTS_PAGE), png, 1280, 1100);

    Path indexPng = png.resolveSibling("quality-report-index.png");
    chromium.screenshot(index, indexPng, 1280, 700);
    Path profilesPng = png.resolveSibling("quality-report-profiles.png");
    chromium.screenshot(index.replace("index.html", "profiles.html"), profilesPng, 1280, 700);

    for (Path written : List.of(png, indexPng, profilesPng)) {
      assertThat(Arrays.copyOf(Files.readAllBytes(written), 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }
    if ("1".equals(System.getenv("GLUE_ETL_UPDATE_SCREENSHOT"))) {
      Path docs = ProjectFiles.root().resolve("docs/images/quality-report.png");
      Files.createDirectories(docs.getParent());
      Files.copy(png, docs, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String bodyAttribute(String dom, String name) {
    Matcher body = BODY.matcher(dom);
    assertThat(body.find()).as("a <body> in the DOM").isTrue();
    Matcher attribute = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(body.group(1));
    return attribute.find() ? unescape(attribute.group(1)) : "(no " + name + ": the page's script did not run)";
  }

  /** The text of each cell of the table with this id, row by row; a line break in a cell becomes "; ". */
  private static List<List<String>> rows(String dom, String tableId) {
    Matcher table = Pattern.compile("<table id=\"" + tableId + "\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
    assertThat(table.find()).as("table " + tableId).isTrue();
    List<List<String>> rows = new ArrayList<>();
    Matcher row = ROW.matcher(table.group(1));
    while (row.find()) {
      List<String> cells = new ArrayList<>();
      Matcher cell = CELL.matcher(row.group(1));
      while (cell.find()) {
        cells.add(unescape(cell.group(1).replaceAll("<br>", "; ").replaceAll("<[^>]+>", "")).trim());
      }
      rows.add(cells);
    }
    return rows;
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}

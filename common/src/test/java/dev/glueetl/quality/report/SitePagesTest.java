package dev.glueetl.quality.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pages' HTML as text: escaping and the embedded chart data. (What a browser makes of them: QualityReportBrowserTest.) */
class SitePagesTest {
  private final QualityHistory history = QualityHistory.of("app-events", QualityRunsFixture.results(), QualityRunsFixture.metrics());

  @Test
  void ruleTextCannotEndTheDataScriptOrBecomeMarkup() {
    String page = SitePages.ruleset(history, history.rulesets().get(0));

    // one </script> per script element (site.js, uPlot, the data), none from the rule text
    assertThat(page.split("</script>", -1)).hasSize(4);
    assertThat(page).doesNotContain("<b>c</b>").doesNotContain("<b>x</b>").doesNotContain("<script>alert")
        .contains("ColumnValues &quot;&lt;/script&gt;&lt;b&gt;c&lt;/b&gt;&quot; != &quot;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;&quot;")
        .contains("\"label\":\"Column.\\u003c/script\\u003e\\u003cb\\u003ec\\u003c/b\\u003e.ColumnValues.Compliance\"")
        .doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void theChartDataIsEpochSecondsValuesAndRunIds() {
    String page = SitePages.ruleset(history, history.rulesets().get(0));

    // R1's RowCount: 2024-03-01/02/03 10:00 UTC = 1709287200, +86400, +172800
    assertThat(page).contains("{\"id\":\"rule-0\",\"label\":\"Dataset.*.RowCount\",\"x\":[1.7092872E9,1.7093736E9,1.70946E9],"
        + "\"y\":[100.0,120.0,90.0],\"runs\":[\"jr_1\",\"jr_2\",\"jr_3\"]}");
    // index: one score chart per ruleset, events 1.0, 0.667, 0.75 oldest first
    String index = SitePages.index(history, Instant.parse("2024-03-04T00:00:00Z"));
    assertThat(index).contains("{\"id\":\"score-0\",\"label\":\"score\",\"x\":[1.7092872E9,1.7093736E9,1.70946E9],\"y\":[1.0,0.6666666666666666,0.75],\"runs\":[\"jr_1\",\"jr_2\",\"jr_3\"],\"unitInterval\":true}")
        .contains("Generated 2024-03-04 00:00:00 UTC");
  }

  @Test
  void metricValuesReadAsPeopleWriteThem() {
    assertThat(SitePages.number(120.0)).isEqualTo("120");
    assertThat(SitePages.number(12.0 / 13)).isEqualTo("0.923077");
    assertThat(SitePages.number(Double.NaN)).isEqualTo("NaN");
    assertThat(SitePages.number(1234567.891)).isEqualTo("1234570");
  }

  @Test
  void jsonStringsEscapeQuotesControlsAndLineSeparators() {
    assertThat(JsonStrings.quote("a\"b\\c\n\u0001\u2028&")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028\\u0026\"");
  }
}

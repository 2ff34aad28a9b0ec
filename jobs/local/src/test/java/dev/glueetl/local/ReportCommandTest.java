package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./glue-etl report} before any quality run; the site itself: QualityReportBrowserTest. */
class ReportCommandTest {
  @TempDir Path work;

  @Test
  void aLakeWithoutQualityResultsIsTableNotFoundNamingTheTable() {
    String lake = work.resolve("lake").toString();

    assertThatThrownBy(() -> ReportCommand.run(SparkTestSession.get(), ProjectFiles.pipeline("app-events").toString(), Optional.of(lake), Optional.empty()))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
              org.assertj.core.api.Assertions.assertThat(e.parameters())
                  .containsEntry("table", "app_events_quality.results")
                  .containsEntry("path", "file:" + work.resolve("lake/quality/app-events/results"));
            });
  }
}

package dev.glueetl.local.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.job.JobReport;
import dev.glueetl.jobs.preprocess.PreprocessJob;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorIT {
  @TempDir Path dir;

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
    EventGenerator.Settings settings = EventGenerator.Settings.defaults(3_000, 7).withFiles(2);
    EventGenerator.generate(settings, dir.resolve("a"));
    EventGenerator.generate(settings, dir.resolve("b"));
    EventGenerator.generate(EventGenerator.Settings.defaults(3_000, 8).withFiles(2), dir.resolve("c"));

    for (String file : List.of("events-00000.jsonl", "events-00001.jsonl")) {
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(file))).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(file))).isNotEqualTo(Files.readAllBytes(dir.resolve("c").resolve(file)));
    }
  }

  @Test
  void writesTheRequestedEventsPlusResentLines() throws Exception {
    EventGenerator.Result result = EventGenerator.generate(EventGenerator.Settings.defaults(20_000, 1), dir);

    long lines;
    try (Stream<Path> files = Files.list(dir)) {
      lines = files.mapToLong(EventGeneratorIT::lineCount).sum();
    }
    assertThat(result.lines()).isEqualTo(lines);
    assertThat(result.lines() - result.events()).as("resent lines").isBetween(80L, 160L);
    assertThat(result.trusted() + result.duplicates() + result.invalidJson() + result.missingUser() + result.unparseableTime())
        .isEqualTo(result.lines());
    assertThat(result.invalidJson()).isPositive();
    assertThat(result.missingUser()).isPositive();
    assertThat(result.unparseableTime()).isPositive();
  }

  @Test
  void preprocessAccountsForEveryGeneratedLineAsTheGeneratorPredicts() {
    SparkTestSession.get();
    EventGenerator.Result generated = EventGenerator.generate(EventGenerator.Settings.defaults(20_000, 3).withFiles(3), dir.resolve("landing"));

    JobReport report =
        PreprocessJob.run(
                new String[] {
                  "--pipeline", ProjectFiles.pipeline("app-events").toString(),
                  "--lake", dir.resolve("lake").toString(),
                  "--input", dir.resolve("landing").toString()
                })
            .report();

    assertThat(report.count("read")).isEqualTo(generated.lines());
    assertThat(report.count("trusted")).isEqualTo(generated.trusted());
    assertThat(report.count("duplicates")).isEqualTo(generated.duplicates());
    assertThat(report.count("quarantined.INVALID_JSON")).isEqualTo(generated.invalidJson());
    assertThat(report.count("quarantined.MISSING_FIELD")).isEqualTo(generated.missingUser());
    assertThat(report.count("quarantined.UNPARSEABLE_TIME")).isEqualTo(generated.unparseableTime());
    assertThat(report.count("quarantined.TIME_OUT_OF_RANGE")).isZero();
  }

  private static long lineCount(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesShortAndIsoForms() {
    assertThat(Durations.parse("30m")).contains(Duration.ofMinutes(30));
    assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
    assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("PT30M")).contains(Duration.ofMinutes(30));
  }

  @Test
  void rejectsZeroNegativeAndNonsense() {
    assertThat(Durations.parse("0m")).isEmpty();
    assertThat(Durations.parse("-PT5M")).isEmpty();
    assertThat(Durations.parse("30")).isEmpty();
    assertThat(Durations.parse("half an hour")).isEmpty();
  }

  @Test
  void formatsInTheLargestWholeUnit() {
    assertThat(Durations.format(Duration.ofMinutes(30))).isEqualTo("30m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}

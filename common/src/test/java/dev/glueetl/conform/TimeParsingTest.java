package dev.glueetl.conform;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.TimeFormat;
import dev.glueetl.testing.SparkTestSession;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TimeParsingTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  @Test
  void epochMillis() {
    assertThat(parse(List.of("epoch_millis"), UTC, "1709283600000", "1709283600123", " 1709283600000", "1.5", "abc", "99999999999999999999", ""))
        .containsExactly(at("2024-03-01T09:00:00Z"), at("2024-03-01T09:00:00.123Z"), null, at("1970-01-01T00:00:00.0015Z"), null, null, null);
  }

  @Test
  void epochMillisWithAFractionAsSparksJsonParserWritesIt() {
    // {"timestamp": 1709283600000.5} reaches the parser as the text of a double
    assertThat(parse(List.of("epoch_millis"), UTC, "1.7092836000005E12", "1.709283600123E12", "1.5E3", "1e400", "1.7E+12"))
        .containsExactly(at("2024-03-01T09:00:00.0005Z"), at("2024-03-01T09:00:00.123Z"), at("1970-01-01T00:00:01.5Z"), null, at("2023-11-14T22:13:20Z"));
  }

  @Test
  void epochSecondsWithFractions() {
    assertThat(parse(List.of("epoch_seconds"), UTC, "1709283600", "1709283600.5", "-1", "1709283600s"))
        .containsExactly(at("2024-03-01T09:00:00Z"), at("2024-03-01T09:00:00.500Z"), at("1969-12-31T23:59:59Z"), null);
  }

  @Test
  void iso8601WithAndWithoutOffset() {
    assertThat(
            parse(
                List.of("iso8601"),
                ZoneId.of("Europe/London"),
                "2024-03-01T10:00:00Z",
                "2024-07-01T10:00:00+02:00",
                "2024-07-01T10:00:00",
                "2024-07-01 10:00",
                "2024-07-01",
                "2024-02-30T10:00:00Z",
                "1 July 2024"))
        .containsExactly(
            at("2024-03-01T10:00:00Z"),
            at("2024-07-01T08:00:00Z"),
            at("2024-07-01T09:00:00Z"), // London is UTC+1 in July
            at("2024-07-01T09:00:00Z"),
            at("2024-06-30T23:00:00Z"),
            null,
            null);
  }

  @Test
  void javaPatternsInTheConfiguredZone() {
    assertThat(parse(List.of("dd/MM/yyyy HH:mm"), ZoneId.of("Europe/London"), "25/08/2021 09:00", "25/8/2021 9:00", "2021-08-25 09:00"))
        .containsExactly(at("2021-08-25T08:00:00Z"), null, null);
    assertThat(parse(List.of("yyyy-MM-dd'T'HH:mm:ssXXX"), ZoneId.of("Europe/London"), "2021-08-25T09:00:00+00:00"))
        .containsExactly(at("2021-08-25T09:00:00Z"));
  }

  @Test
  void aListOfFormatsIsTriedInOrder() {
    List<String> formats = List.of("dd/MM/yyyy HH:mm", "d/M/yyyy H:mm", "yyyy-MM-dd HH:mm:ss", "dd-MM-yyyy HH:mm");
    assertThat(parse(formats, UTC, "25/08/2021 09:00", "5/8/2021 9:05", "2021-08-25 17:30:00", "25-08-2021 09:00", "Aug 25 2021"))
        .containsExactly(at("2021-08-25T09:00:00Z"), at("2021-08-05T09:05:00Z"), at("2021-08-25T17:30:00Z"), at("2021-08-25T09:00:00Z"), null);
  }

  @Test
  void neverThrowsEvenWithAnsiMode() {
    SparkTestSession.get().conf().set("spark.sql.ansi.enabled", "true");
    try {
      assertThat(parse(List.of("epoch_millis", "iso8601", "dd/MM/yyyy HH:mm"), UTC, "not a time", "2024-13-45", "99/99/2024 99:99"))
          .containsExactly(null, null, null);
    } finally {
      SparkTestSession.get().conf().set("spark.sql.ansi.enabled", "false");
    }
  }

  private static Timestamp at(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  private static List<Timestamp> parse(List<String> formats, ZoneId zone, String... texts) {
    List<TimeFormat> parsed = formats.stream().map(f -> TimeFormat.parse(f).orElseThrow()).toList();
    return SparkTestSession.get()
        .createDataset(Arrays.asList(texts), Encoders.STRING())
        .select(TimeParsing.parse(col("value"), parsed, zone).as("t"))
        .collectAsList()
        .stream()
        .map((Row r) -> r.isNullAt(0) ? null : r.getTimestamp(0))
        .toList();
  }
}

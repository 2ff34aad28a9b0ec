package dev.glueetl.events;

import static dev.glueetl.testing.EventFixtures.event;
import static dev.glueetl.testing.EventFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.spark.Observations;
import dev.glueetl.spark.Observer;
import dev.glueetl.testing.SparkTestSession;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * A first load shuffles its events once, by user: deduplication and the session window share that shuffle, and the
 * sessions aggregated from the cached result need none of their own. Checked on the physical plans Spark makes, so a
 * change that brings a second shuffle back fails here rather than only in the bench.
 */
class OneShuffleTest {
  /** A shuffle in a printed plan; an executed adaptive plan prints each twice (final and initial plan), same plan_id. */
  private static final Pattern EXCHANGE = Pattern.compile("Exchange (\\w+)\\(([^)]*)\\).*\\[plan_id=(\\d+)\\]");

  @Test
  void deduplicationAndSessionizationShareOneShuffleByUserAndSessionsAddNone() {
    Dataset<Row> good =
        events(
            event("e1", "u1", "2024-03-01T10:00:00Z", "open"),
            event("e1", "u1", "2024-03-01T10:00:05Z", "open"),
            event("e2", "u1", "2024-03-01T10:20:00Z", "save"),
            event("e1", "u2", "2024-03-01T11:00:00Z", "open"));
    Observer duplicates = Observer.of(SparkTestSession.get(), "duplicates-plan");

    Dataset<Row> trusted = EventsPreprocess.deduplicateAndSessionize(good, Duration.ofMinutes(30), duplicates).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<String> eventShuffles = exchanges(trusted);
      assertThat(eventShuffles).hasSize(1);
      assertThat(eventShuffles.get(0)).isEqualTo("hashpartitioning(user_id#, 2)");

      assertThat(trusted.count()).isEqualTo(3);
      assertThat(Observations.count(duplicates.values(), "duplicates")).isEqualTo(1);
      Dataset<Row> sessions = Sessionize.sessions("run-1", trusted);
      // the cached plan is printed inside the sessions plan: its one shuffle, and nothing more
      assertThat(exchanges(sessions)).isEqualTo(eventShuffles);
      assertThat(sessions.count()).isEqualTo(2);
    } finally {
      trusted.unpersist();
    }
  }

  private static List<String> exchanges(Dataset<Row> data) {
    Matcher matcher = EXCHANGE.matcher(data.queryExecution().executedPlan().toString());
    java.util.Map<String, String> byPlanId = new java.util.TreeMap<>();
    while (matcher.find()) {
      byPlanId.put(matcher.group(3), matcher.group(1) + "(" + matcher.group(2).trim().replaceAll("#\\d+", "#") + ")");
    }
    return List.copyOf(byPlanId.values());
  }
}

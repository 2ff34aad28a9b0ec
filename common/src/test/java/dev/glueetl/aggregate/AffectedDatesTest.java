package dev.glueetl.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.MetricConfig.Reach;
import dev.glueetl.testing.SparkTestSession;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Events: u1 on 03-01 and 03-03, u2 on 03-03, u3 on 03-02 (2024-03-01 is a Friday, so all are in the week of Monday
 * 02-26); 03-03 changed; data up to 03-04. Users active on 03-03: u1 (first 03-01) and u2 (first 03-03).
 */
class AffectedDatesTest {
  private static final StructType EVENTS = new StructType().add("user_id", DataTypes.StringType).add("event_date", DataTypes.DateType);
  private final SparkSession spark = SparkTestSession.get();

  private AffectedDates.EntityHistory history() {
    Dataset<Row> events =
        spark.createDataFrame(
            List.of(row("u1", "2024-03-01"), row("u1", "2024-03-03"), row("u2", "2024-03-03"), row("u3", "2024-03-02")), EVENTS);
    return new AffectedDates.EntityHistory(events, Optional.empty(), "event_date", LocalDate.parse("2024-03-04"));
  }

  @Test
  void eachReachRecomputesItsOwnDates() {
    AffectedDates.ForRun run = new AffectedDates.ForRun(history());
    TreeSet<LocalDate> touched = dates("2024-03-03");

    assertThat(run.of(new Reach(Reach.Kind.DAY, 1, ""), touched)).isEqualTo(dates("2024-03-03"));
    assertThat(run.of(new Reach(Reach.Kind.ROLLING, 3, ""), touched)).as("stops at the last date").isEqualTo(dates("2024-03-03", "2024-03-04"));
    assertThat(run.of(new Reach(Reach.Kind.FIRST_SEEN, 1, "user_id"), touched)).isEqualTo(dates("2024-03-01", "2024-03-03"));
    assertThat(run.of(new Reach(Reach.Kind.COHORT_WEEK, 7, "user_id"), touched)).isEqualTo(dates("2024-02-26"));
    assertThat(run.of(new Reach(Reach.Kind.DAY, 1, ""), new TreeSet<>())).isEmpty();
  }

  @Test
  void metricsReachingByTheSameEntityShareOneFirstDatesQuery() throws Exception {
    AffectedDates.ForRun run = new AffectedDates.ForRun(history());
    TreeSet<LocalDate> touched = dates("2024-03-03");
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      run.of(new Reach(Reach.Kind.FIRST_SEEN, 1, "user_id"), touched);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      int first = jobs.get();
      TreeSet<LocalDate> cohorts = run.of(new Reach(Reach.Kind.COHORT_WEEK, 7, "user_id"), touched);
      spark.sparkContext().listenerBus().waitUntilEmpty();

      assertThat(first).as("the first metric queries").isPositive();
      assertThat(jobs.get()).as("the second reuses its first dates").isEqualTo(first);
      assertThat(cohorts).isEqualTo(dates("2024-02-26"));
      run.of(new Reach(Reach.Kind.FIRST_SEEN, 1, "user_id"), dates("2024-03-02"));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertThat(jobs.get()).as("other touched dates are another query").isGreaterThan(first);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
  }

  private static Row row(String user, String date) {
    return RowFactory.create(user, Date.valueOf(date));
  }

  private static TreeSet<LocalDate> dates(String... isoDates) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (String date : isoDates) {
      dates.add(LocalDate.parse(date));
    }
    return dates;
  }
}

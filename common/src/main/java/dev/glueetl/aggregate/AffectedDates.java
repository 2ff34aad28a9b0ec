package dev.glueetl.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import dev.glueetl.config.MetricConfig;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The values of a metric's replace column that a run recomputes, from the dates its trusted data changed on and the
 * metric's reach:
 *
 * <pre>
 * reach             touched 03-01, 03-05 (data up to 03-08)         recomputed
 * day               03-01, 03-05                                     the touched dates
 * rolling 7d        03-01..03-07, 03-05..03-08                       every date whose 7-day window holds a touched date
 * first_seen user   03-01, 03-05 + first dates of users active then  (before and after this run)
 * cohort_week user  Mondays of those first dates                     every cohort an active user belongs or belonged to
 * </pre>
 */
public final class AffectedDates {
  private AffectedDates() {}

  /**
   * The primary source (e.g. events) now and, when known, as the last aggregate run saw it: a late event can move a
   * user's first date earlier, and a replaced day can move it later, so both states count.
   */
  public record EntityHistory(Dataset<Row> now, Optional<Dataset<Row>> before, String dateColumn, LocalDate lastDate) {}

  /**
   * The affected dates of every metric of one run. The first dates of an entity's members are the one query here (two
   * passes over the primary source); metrics that reach by the same entity over the same touched dates, such as daily
   * active users with their new users and weekly retention, share one computation.
   */
  public static final class ForRun {
    private final EntityHistory history;
    private final Map<Map.Entry<String, TreeSet<LocalDate>>, TreeSet<LocalDate>> firstDates = new HashMap<>();

    public ForRun(EntityHistory history) {
      this.history = history;
    }

    public TreeSet<LocalDate> of(MetricConfig.Reach reach, TreeSet<LocalDate> touched) {
      if (touched.isEmpty()) {
        return new TreeSet<>();
      }
      switch (reach.kind()) {
        case DAY:
        case ALL: // the caller recomputes every date; the touched ones are among them
          return new TreeSet<>(touched);
        case ROLLING:
          {
            TreeSet<LocalDate> affected = new TreeSet<>();
            for (LocalDate date : touched) {
              for (int i = 0; i < reach.days(); i++) {
                LocalDate reached = date.plusDays(i);
                if (reached.isAfter(history.lastDate())) {
                  break;
                }
                affected.add(reached);
              }
            }
            return affected;
          }
        case FIRST_SEEN:
          {
            TreeSet<LocalDate> affected = new TreeSet<>(touched);
            affected.addAll(firstDates(reach.entity(), touched));
            return affected;
          }
        default:
          {
            TreeSet<LocalDate> weeks = new TreeSet<>();
            for (LocalDate first : firstDates(reach.entity(), touched)) {
              weeks.add(first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            }
            return weeks;
          }
      }
    }

    private TreeSet<LocalDate> firstDates(String entity, TreeSet<LocalDate> touched) {
      return firstDates.computeIfAbsent(Map.entry(entity, new TreeSet<>(touched)), key -> AffectedDates.firstDates(entity, touched, history));
    }
  }

  /** The first dates, before and after this run, of every entity active on a touched date in either state. */
  static TreeSet<LocalDate> firstDates(String entity, TreeSet<LocalDate> touched, EntityHistory history) {
    List<Date> dates = new ArrayList<>();
    touched.forEach(d -> dates.add(Date.valueOf(d)));
    Object[] touchedValues = dates.toArray();
    List<Dataset<Row>> states = new ArrayList<>();
    states.add(history.now());
    history.before().ifPresent(states::add);
    Dataset<Row> active = null;
    for (Dataset<Row> state : states) {
      Dataset<Row> entities = state.where(col(history.dateColumn()).isin(touchedValues).and(col(entity).isNotNull())).select(entity);
      active = active == null ? entities : active.union(entities);
    }
    Dataset<Row> activeEntities = active.distinct();
    TreeSet<LocalDate> firsts = new TreeSet<>();
    for (Dataset<Row> state : states) {
      for (Row row :
          state.join(activeEntities, entity).groupBy(entity).agg(min(history.dateColumn()).as("first")).select("first").distinct().collectAsList()) {
        firsts.add(row.getDate(0).toLocalDate());
      }
    }
    return firsts;
  }
}

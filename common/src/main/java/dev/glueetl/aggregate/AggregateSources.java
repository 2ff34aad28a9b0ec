package dev.glueetl.aggregate;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.RecordTableConfig;
import dev.glueetl.events.EventsPreprocess;
import dev.glueetl.lake.TableId;
import dev.glueetl.orders.OrdersPreprocess;
import dev.glueetl.records.RecordsPreprocess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trusted tables an aggregate run reads, per kind of pipeline, each with the date column it is partitioned by.
 * Metric queries see them as views named after the table ({@code events}, {@code sessions}, {@code orders},
 * {@code order_items}; a {@code records} table by its name). The first dated one is the primary source: the one whose
 * entities (users, customers) have first dates. A table without a date column (a {@code records} table without
 * {@code partition}, such as customers) has no dates of its own: any change to it affects every date.
 */
public record AggregateSources(List<Source> sources) {

  /** A trusted table, its view name in metric queries and its date column, if it has one. */
  public record Source(TableId table, String view, Optional<String> dateColumn) {
    Source(TableId table, String view, String dateColumn) {
      this(table, view, Optional.of(dateColumn));
    }
  }

  public static AggregateSources of(PipelineConfig config) {
    String pipeline = config.name();
    return switch (config.source().type()) {
      case EVENTS -> new AggregateSources(
          List.of(
              new Source(EventsPreprocess.trustedEvents(pipeline), "events", "event_date"),
              new Source(EventsPreprocess.sessions(pipeline), "sessions", "session_date")));
      case ORDERS -> new AggregateSources(
          List.of(
              new Source(OrdersPreprocess.trustedOrders(pipeline), "orders", "order_date"),
              new Source(OrdersPreprocess.orderItems(pipeline), "order_items", "order_date")));
      case RECORDS -> {
        List<Source> sources = new ArrayList<>();
        for (RecordTableConfig table : config.source().tables()) {
          sources.add(new Source(RecordsPreprocess.trusted(pipeline, table.name()), table.name(), table.partition()));
        }
        // the primary source first: the first table with dates
        sources.sort((a, b) -> Boolean.compare(a.dateColumn().isEmpty(), b.dateColumn().isEmpty()));
        yield new AggregateSources(List.copyOf(sources));
      }
    };
  }

  public Source primary() {
    return sources.get(0);
  }

  public List<Source> dated() {
    return sources.stream().filter(s -> s.dateColumn().isPresent()).toList();
  }
}

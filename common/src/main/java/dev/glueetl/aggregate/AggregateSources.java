package dev.glueetl.aggregate;

import dev.glueetl.config.SourceType;
import dev.glueetl.events.EventsPreprocess;
import dev.glueetl.lake.TableId;
import dev.glueetl.orders.OrdersPreprocess;
import java.util.List;

/**
 * The trusted tables an aggregate run reads, per kind of pipeline, each with the date column it is partitioned by.
 * Metric queries see them as views named after the table ({@code events}, {@code sessions}, {@code orders},
 * {@code order_items}). The first is the primary source: the one whose entities (users, customers) have first dates.
 */
public record AggregateSources(List<Source> sources) {

  /** A trusted table, its view name in metric queries and its date column. */
  public record Source(TableId table, String view, String dateColumn) {}

  public static AggregateSources of(String pipeline, SourceType type) {
    return switch (type) {
      case EVENTS -> new AggregateSources(
          List.of(
              new Source(EventsPreprocess.trustedEvents(pipeline), "events", "event_date"),
              new Source(EventsPreprocess.sessions(pipeline), "sessions", "session_date")));
      case ORDERS -> new AggregateSources(
          List.of(
              new Source(OrdersPreprocess.trustedOrders(pipeline), "orders", "order_date"),
              new Source(OrdersPreprocess.orderItems(pipeline), "order_items", "order_date")));
    };
  }

  public Source primary() {
    return sources.get(0);
  }
}

package dev.glueetl.config;

import java.util.List;
import java.util.Locale;

/**
 * What a pipeline's landing data holds, and so which canonical fields its {@code source.fields} mapping may name.
 */
public enum SourceType {
  /** App usage events (Revolt-style envelopes or flat records): sessionized into trusted events and sessions. */
  EVENTS(
      List.of("user_id", "event_time", "event_name"),
      List.of(
          "event_id", "platform", "os", "os_version", "device_brand", "device_model", "app_version", "language",
          "country"),
      List.of("iso8601"),
      HeaderMode.TRUE,
      List.of()),
  /** Point-of-sale orders, one CSV row per order with a basket of items: parsed into orders and order items. */
  ORDERS(
      List.of("order_time", "store", "basket", "total", "payment_method"),
      List.of("customer_name", "card_number"),
      List.of("dd/MM/yyyy HH:mm", "d/M/yyyy H:mm", "yyyy-MM-dd HH:mm:ss", "dd-MM-yyyy HH:mm"),
      HeaderMode.AUTO,
      List.of("customer_name", "card_number")),
  /** Any tables, declared column by column ({@code source.tables}): deduplicated by key into trusted tables. */
  RECORDS(List.of(), List.of(), List.of("iso8601"), HeaderMode.TRUE, List.of());

  private final List<String> requiredFields;
  private final List<String> optionalFields;
  private final List<String> defaultTimeFormats;
  private final HeaderMode defaultHeader;
  private final List<String> personalFields;

  SourceType(
      List<String> requiredFields, List<String> optionalFields, List<String> defaultTimeFormats, HeaderMode defaultHeader, List<String> personalFields) {
    this.requiredFields = requiredFields;
    this.optionalFields = optionalFields;
    this.defaultTimeFormats = defaultTimeFormats;
    this.defaultHeader = defaultHeader;
    this.personalFields = personalFields;
  }

  /** Optional fields that hold personal data: never stored, masked wherever a record is kept. */
  public List<String> personalFields() {
    return personalFields;
  }

  public List<String> requiredFields() {
    return requiredFields;
  }

  public List<String> optionalFields() {
    return optionalFields;
  }

  /** {@code source.time_format} when the pipeline does not set it. */
  public List<String> defaultTimeFormats() {
    return defaultTimeFormats;
  }

  /** {@code source.header} when the pipeline does not set it (CSV files of orders may or may not have one). */
  public HeaderMode defaultHeader() {
    return defaultHeader;
  }

  /** The name used in pipeline files: {@code events}, {@code orders}, {@code records}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.glueetl.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The {@code orders} section of a point-of-sale pipeline.
 *
 * @param sizes words that, leading an item, are its size ({@code Regular Latte} → size Regular, product Latte)
 * @param totalTolerance an order whose total differs from the sum of its item prices by more than this is quarantined
 * @param customerKey where the secret of the customer key comes from
 */
public record OrdersConfig(List<String> sizes, BigDecimal totalTolerance, CustomerKeyConfig customerKey) {
  static final ConfigKey<List<String>> SIZES =
      ConfigKey.textList("sizes", "a list of size words such as [Regular, Large]")
          .defaultsTo(List.of("Regular", "Large"))
          .doc("words that, leading an item, are its size");
  static final ConfigKey<BigDecimal> TOTAL_TOLERANCE =
      ConfigKey.parsed("total_tolerance", "an amount such as 0.005", OrdersConfig::amount)
          .check(tolerance -> tolerance.signum() >= 0, "an amount of 0 or more")
          .defaultsTo("0.005")
          .doc("an order whose total differs from its items' sum by more is quarantined");
  static final ConfigKey<ConfigNode> CUSTOMER_KEY = ConfigKey.section("customer_key", CustomerKeyConfig.KEYS);

  static final ConfigSection KEYS = ConfigSection.of(SIZES, TOTAL_TOLERANCE, CUSTOMER_KEY);

  public static final List<String> DEFAULT_SIZES = SIZES.defaultValue();

  public static OrdersConfig defaults() {
    return new OrdersConfig(DEFAULT_SIZES, TOTAL_TOLERANCE.defaultValue(), CustomerKeyConfig.defaults());
  }

  static OrdersConfig parse(ConfigNode node) {
    List<String> sizes = SIZES.read(node);
    for (String size : sizes) {
      if (!size.matches("\\S+")) {
        throw SIZES.invalid(node, size, "single words such as Regular or Large");
      }
    }
    BigDecimal tolerance = TOTAL_TOLERANCE.read(node);
    CustomerKeyConfig customerKey = CUSTOMER_KEY.optional(node).map(CustomerKeyConfig::parse).orElse(CustomerKeyConfig.defaults());
    return new OrdersConfig(sizes, tolerance, customerKey);
  }

  private static Optional<BigDecimal> amount(String text) {
    try {
      return Optional.of(new BigDecimal(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

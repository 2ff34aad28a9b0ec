package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code orders} section of a point-of-sale pipeline.
 *
 * @param sizes words that, leading an item, are its size ({@code Regular Latte} → size Regular, product Latte)
 * @param totalTolerance an order whose total differs from the sum of its item prices by more than this is quarantined
 * @param customerKey where the secret of the customer key comes from
 */
public record OrdersConfig(List<String> sizes, BigDecimal totalTolerance, CustomerKeyConfig customerKey) {
  public static final List<String> DEFAULT_SIZES = List.of("Regular", "Large");
  public static final BigDecimal DEFAULT_TOLERANCE = new BigDecimal("0.005");

  public static OrdersConfig defaults() {
    return new OrdersConfig(DEFAULT_SIZES, DEFAULT_TOLERANCE, CustomerKeyConfig.defaults());
  }

  static OrdersConfig parse(ConfigNode node) {
    node.rejectUnknownKeys(List.of("sizes", "total_tolerance", "customer_key"));
    List<String> sizes = node.stringOrList("sizes", "a list of size words such as [Regular, Large]").orElse(DEFAULT_SIZES);
    for (String size : sizes) {
      if (!size.matches("\\S+")) {
        throw Errors.invalidValue(node.keyOf("sizes"), node.file(), size, "single words such as Regular or Large");
      }
    }
    String toleranceText = node.string("total_tolerance", DEFAULT_TOLERANCE.toPlainString(), "an amount such as 0.005");
    BigDecimal tolerance;
    try {
      tolerance = new BigDecimal(toleranceText);
    } catch (NumberFormatException e) {
      throw Errors.invalidValue(node.keyOf("total_tolerance"), node.file(), toleranceText, "an amount such as 0.005");
    }
    if (tolerance.signum() < 0) {
      throw Errors.invalidValue(node.keyOf("total_tolerance"), node.file(), toleranceText, "an amount of 0 or more");
    }
    CustomerKeyConfig customerKey = node.optionalSection("customer_key").map(CustomerKeyConfig::parse).orElse(CustomerKeyConfig.defaults());
    return new OrdersConfig(sizes, tolerance, customerKey);
  }
}

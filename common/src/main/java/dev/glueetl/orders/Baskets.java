package dev.glueetl.orders;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.conform.Texts;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;

/**
 * Parses a basket, {@code "Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45"}, into items, with SQL
 * higher-order functions over the array of items (one row per order, no explode, no shuffle).
 *
 * <p>Grammar of an item: {@code [<size>[ -] ]<product> - [<currency sign>]<price>}. The price is the text after the
 * <b>last</b> {@code " - "}, since product names contain {@code " - "} themselves; a leading size word (configured,
 * default Regular, Large) is the size; when the product contains {@code " - "}, the part before the first one is
 * {@code product_base} and the rest {@code variant}.
 *
 * <pre>
 * item                                         size     product                            product_base     variant      price
 * Regular Flavoured iced latte - Hazelnut - 2.75  Regular  Flavoured iced latte - Hazelnut  Flavoured iced latte  Hazelnut  2.75
 * Regular Speciality Tea - English breakfast - 1.30  Regular  Speciality Tea - English breakfast  Speciality Tea  English breakfast  1.30
 * Large - Speciality Tea - Green - 1.60        Large    Speciality Tea - Green             Speciality Tea   Green        1.60
 * Latte - $2.15                                NULL     Latte                              Latte            NULL         2.15
 * Regular Latte 2.15                           (no " - <price>": BAD_ITEM)
 * Regular Latte - 2.1O                         (not a price: BAD_PRICE)
 * </pre>
 */
public final class Baskets {
  static final String ITEM = "^(.*\\S)\\s+-\\s+(\\S+)$";
  static final String PRICE = "^[£$€]?[0-9]+(\\.[0-9]{1,2})?$";
  private static final String VARIANT = "^(.*?)\\s+-\\s+(.+)$";

  private Baskets() {}

  /**
   * The items of a basket: {@code array<struct<pos, text, name, price_text, price, size, product, product_base,
   * variant>>}, {@code name} NULL when the item does not match the grammar, {@code price_valid} false when its price is
   * not an amount ({@code price} NULL then). An empty basket gives an empty array.
   */
  public static Column parse(List<String> sizes, Column basket) {
    String sizeWords = sizes.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    String sizePattern = "^(?i)(" + sizeWords + ")(?:\\s+-\\s+|\\s+)(.+)$";
    Column itemTexts = when(Texts.clean(basket).isNull(), array().cast("array<string>")).otherwise(split(basket, ","));
    return transform(
        itemTexts,
        (raw, index) -> {
          Column text = trim(raw, Texts.BLANKS);
          Column name = nullIfEmpty(regexp_extract(text, ITEM, 1));
          Column priceText = nullIfEmpty(regexp_extract(text, ITEM, 2));
          // wide enough to tell an amount too large for decimal(10,2) from text that is no amount at all
          Column price = when(priceText.rlike(PRICE), regexp_replace(priceText, "^[£$€]", "").cast("decimal(38,2)"));
          Column sizeWord = nullIfEmpty(regexp_extract(name, sizePattern, 1));
          Column product = when(sizeWord.isNotNull(), trim(regexp_extract(name, sizePattern, 2), Texts.BLANKS)).otherwise(name);
          Column base = when(product.rlike(VARIANT), regexp_extract(product, VARIANT, 1)).otherwise(product);
          Column variant = nullIfEmpty(regexp_extract(product, VARIANT, 2));
          return struct(
              index.plus(1).as("pos"),
              text.as("text"),
              name.as("name"),
              priceText.as("price_text"),
              price.as("price"),
              coalesce(priceText.rlike(PRICE), lit(false)).as("price_valid"),
              canonicalSize(sizes, sizeWord).as("size"),
              product.as("product"),
              base.as("product_base"),
              variant.as("variant"));
        });
  }

  /**
   * Identical items (same size, product and price) as one line with a quantity, in order of first appearance:
   * {@code array<struct<line_no, size, product, product_base, variant, unit_price, quantity>>}.
   */
  public static Column lines(Column items) {
    Column keys = array_distinct(transform(items, Baskets::lineKey));
    return transform(
        keys,
        (key, index) ->
            struct(
                index.plus(1).as("line_no"),
                key.getField("size").as("size"),
                key.getField("product").as("product"),
                key.getField("product_base").as("product_base"),
                key.getField("variant").as("variant"),
                key.getField("unit_price").as("unit_price"),
                size(filter(items, it -> lineKey(it).eqNullSafe(key))).as("quantity")));
  }

  /** What makes two items identical: size, product and price. */
  private static Column lineKey(Column item) {
    return struct(
        item.getField("size").as("size"),
        item.getField("product").as("product"),
        item.getField("product_base").as("product_base"),
        item.getField("variant").as("variant"),
        item.getField("price").as("unit_price"));
  }

  private static Column canonicalSize(List<String> sizes, Column word) {
    Column result = lit(null).cast("string");
    for (int i = sizes.size() - 1; i >= 0; i--) {
      result = when(lower(word).equalTo(sizes.get(i).toLowerCase(java.util.Locale.ROOT)), lit(sizes.get(i))).otherwise(result);
    }
    return result;
  }

  private static Column nullIfEmpty(Column text) {
    return when(text.notEqual(lit("")), text);
  }
}

package dev.glueetl.orders;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import dev.glueetl.config.OrdersConfig;
import dev.glueetl.testing.SparkTestSession;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class BasketsTest {

  @Test
  void thePriceIsTheTextAfterTheLastDash() {
    assertThatDataFrame(items("Regular Flavoured iced latte - Hazelnut - 2.75"))
        .hasRows(item(1, "Regular", "Flavoured iced latte - Hazelnut", "Flavoured iced latte", "Hazelnut", "2.75"));
  }

  @Test
  void aProductWithADashIsKeptWholeWithItsBase() {
    assertThatDataFrame(items("Regular Speciality Tea - English breakfast - 1.30"))
        .hasRows(item(1, "Regular", "Speciality Tea - English breakfast", "Speciality Tea", "English breakfast", "1.30"));
  }

  @Test
  void flavouredDrinksSplitIntoBaseAndFlavour() {
    assertThatDataFrame(items("Large Flavoured latte - Vanilla - 2.85, Regular Frappes - Coffee - 2.75, Regular Smoothies - Glowing Greens - 2.00"))
        .hasRows(
            item(1, "Large", "Flavoured latte - Vanilla", "Flavoured latte", "Vanilla", "2.85"),
            item(2, "Regular", "Frappes - Coffee", "Frappes", "Coffee", "2.75"),
            item(3, "Regular", "Smoothies - Glowing Greens", "Smoothies", "Glowing Greens", "2.00"));
  }

  @Test
  void anItemWithoutASizeWordHasNoSize() {
    assertThatDataFrame(items("Latte - 2.15, Chai Latte - 2.30")).hasRows(item(1, null, "Latte", "Latte", null, "2.15"), item(2, null, "Chai Latte", "Chai Latte", null, "2.30"));
  }

  @Test
  void aSizeAfterADashIsStillTheSize() {
    assertThatDataFrame(items("Large - Speciality Tea - Green - 1.60")).hasRows(item(1, "Large", "Speciality Tea - Green", "Speciality Tea", "Green", "1.60"));
  }

  @Test
  void aCurrencySignBeforeThePriceIsAllowed() {
    assertThatDataFrame(items("Regular Latte - $2.15, Large Mocha - £2.70, Regular Tea - €1.5"))
        .hasRows(item(1, "Regular", "Latte", "Latte", null, "2.15"), item(2, "Large", "Mocha", "Mocha", null, "2.70"), item(3, "Regular", "Tea", "Tea", null, "1.50"));
  }

  @Test
  void sizeWordsAreConfigurableAndCaseInsensitive() {
    Dataset<Row> parsed =
        SparkTestSession.get()
            .createDataset(List.of("small Latte - 1.90, Regular Latte - 2.15"), Encoders.STRING())
            .select(explode(Baskets.parse(List.of("Small", "Medium"), col("value"))).as("it"))
            .select("it.pos", "it.size", "it.product");
    assertThatDataFrame(parsed).hasRows(RowFactory.create(1, "Small", "Latte"), RowFactory.create(2, null, "Regular Latte"));
  }

  @Test
  void malformedItemsAndPricesAreMarked() {
    Dataset<Row> parsed =
        SparkTestSession.get()
            .createDataset(List.of("Regular Latte 2.15, Regular Mocha - 2.3O, Regular Tea - -1, Regular Chai - two fifty,"), Encoders.STRING())
            .select(explode(Baskets.parse(OrdersConfig.DEFAULT_SIZES, col("value"))).as("it"))
            .select("it.pos", "it.text", "it.name", "it.price_text", "it.price");
    assertThatDataFrame(parsed)
        .hasRows(
            RowFactory.create(1, "Regular Latte 2.15", null, null, null),
            RowFactory.create(2, "Regular Mocha - 2.3O", "Regular Mocha", "2.3O", null),
            RowFactory.create(3, "Regular Tea - -1", "Regular Tea", "-1", null),
            RowFactory.create(4, "Regular Chai - two fifty", null, null, null),
            RowFactory.create(5, "", null, null, null));
  }

  @Test
  void identicalItemsBecomeOneLineWithAQuantity() {
    Dataset<Row> lines =
        SparkTestSession.get()
            .createDataset(List.of("Large Latte - 2.45, Regular Flat white - 2.15, Large Latte - 2.45, Large Latte - 2.50"), Encoders.STRING())
            .select(explode(Baskets.lines(Baskets.parse(OrdersConfig.DEFAULT_SIZES, col("value")))).as("l"))
            .select("l.line_no", "l.size", "l.product", "l.unit_price", "l.quantity");
    assertThatDataFrame(lines)
        .hasRows(
            RowFactory.create(1, "Large", "Latte", new BigDecimal("2.45"), 2),
            RowFactory.create(2, "Regular", "Flat white", new BigDecimal("2.15"), 1),
            RowFactory.create(3, "Large", "Latte", new BigDecimal("2.50"), 1));
  }

  @Test
  void anEmptyBasketHasNoItems() {
    Dataset<Row> sizes =
        SparkTestSession.get()
            .createDataset(List.of("", "   "), Encoders.STRING())
            .select(org.apache.spark.sql.functions.size(Baskets.parse(OrdersConfig.DEFAULT_SIZES, col("value"))).as("n"));
    assertThatDataFrame(sizes).hasRows(RowFactory.create(0), RowFactory.create(0));
  }

  private static Dataset<Row> items(String basket) {
    return SparkTestSession.get()
        .createDataset(List.of(basket), Encoders.STRING())
        .select(explode(Baskets.parse(OrdersConfig.DEFAULT_SIZES, col("value"))).as("it"))
        .select("it.pos", "it.size", "it.product", "it.product_base", "it.variant", "it.price");
  }

  private static Row item(int pos, String size, String product, String base, String variant, String price) {
    return RowFactory.create(pos, size, product, base, variant, new BigDecimal(price));
  }
}

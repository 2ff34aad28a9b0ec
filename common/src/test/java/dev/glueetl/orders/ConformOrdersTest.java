package dev.glueetl.orders;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static dev.glueetl.testing.EventFixtures.ts;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformOrdersTest {
  private static final CustomerKeys.Key KEY = new CustomerKeys.Key("unit-test-key".getBytes(StandardCharsets.UTF_8), "test");
  private static final Instant RUN_STARTED = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir Path landing;

  @Test
  void everyDefaultTimeFormatIsAccepted() throws Exception {
    write(
        "times.csv",
        "25/08/2021 09:00,S,N,\"Latte - 2.15\",2.15,CASH,\n"
            + "5/8/2021 9:05,S,N,\"Latte - 2.15\",2.15,CASH,\n"
            + "2021-08-25 17:30:00,S,N,\"Latte - 2.15\",2.15,CASH,\n"
            + "25-08-2021 09:00,S,N,\"Latte - 2.15\",2.15,CASH,\n"
            + "\"25/08/2021 10:00\",S,N,\"Latte - 2.15\",2.15,CASH,\n");

    assertThatDataFrame(conform().select("source_row", "order_time", "order_date", "order_hour", "reason"))
        .hasRows(
            RowFactory.create(1, ts("2021-08-25T09:00:00Z"), java.sql.Date.valueOf("2021-08-25"), 9, null),
            RowFactory.create(2, ts("2021-08-05T09:05:00Z"), java.sql.Date.valueOf("2021-08-05"), 9, null),
            RowFactory.create(3, ts("2021-08-25T17:30:00Z"), java.sql.Date.valueOf("2021-08-25"), 17, null),
            RowFactory.create(4, ts("2021-08-25T09:00:00Z"), java.sql.Date.valueOf("2021-08-25"), 9, null),
            RowFactory.create(5, ts("2021-08-25T10:00:00Z"), java.sql.Date.valueOf("2021-08-25"), 10, null));
  }

  @Test
  void headerAndHeaderlessFilesAreMappedInTheSameRun() throws Exception {
    write("a.csv", "25/08/2021 09:00,Leeds,Ann Example,\"Regular Latte - 2.15\",2.15,card,4000123412341234\n");
    write(
        "b.csv",
        " Date, Location, Customer Name, Basket, Total, Payment Method, Card Number\n"
            + "2021-08-26 09:05:00,York,Ben Example,\"Large Tea - 1.60\",1.60,CASH,\n");

    assertThatDataFrame(conform().filter(col("kind").equalTo("DATA")).select("source_file", "source_row", "store", "payment_method", "total", "item_count", "reason"))
        .hasRows(
            RowFactory.create(path("a.csv"), 1, "Leeds", "CARD", new BigDecimal("2.15"), 1, null),
            RowFactory.create(path("b.csv"), 2, "York", "CASH", new BigDecimal("1.60"), 1, null));
    assertThatDataFrame(conform().filter(col("kind").equalTo("HEADER")).select("source_file", "source_row"))
        .hasRows(RowFactory.create(path("b.csv"), 1));
  }

  @Test
  void headerFalseTreatsEveryLineAsData() throws Exception {
    write("b.csv", "Date,Location,Customer Name,Basket,Total,Payment Method,Card Number\n2021-08-26 09:05:00,York,Ben Example,\"Tea - 1.60\",1.60,CASH,\n");
    String yaml = Files.readString(ProjectFiles.pipeline("cafe-orders")).replace("header: auto", "header: false");

    assertThatDataFrame(conform(yaml).select("source_row", "kind", "reason"))
        .hasRows(RowFactory.create(1, "DATA", "UNPARSEABLE_TIME"), RowFactory.create(2, "DATA", null));
  }

  @Test
  void spreadsheetResavesCrlfAndATrailingBlankLineDoNotBreakAnything() throws Exception {
    write("resaved.csv", "26/8/2021 9:02,Leeds,Ann Example,\"Regular Flat white - 2.15, Regular Flat white - 2.15\",4.3,CARD,5.49417E+15\r\n26/8/2021 10:00,Leeds,Ben Example,\"Tea - 1.30, Tea - 1.70\",3,CASH,\r\n ");

    Dataset<Row> conformed = conform();
    assertThatDataFrame(conformed.select("source_row", "kind", "total", "reason"))
        .hasRows(
            RowFactory.create(1, "DATA", new BigDecimal("4.30"), null),
            RowFactory.create(2, "DATA", new BigDecimal("3.00"), null),
            RowFactory.create(3, "BLANK", null, null));
    assertThat(conformed.select("raw_record").collectAsList().toString()).doesNotContain("5.49417E+15");
  }

  @Test
  void everyQuarantineReasonWithADetailAndAMaskedRecord() throws Exception {
    write(
        "bad.csv",
        String.join(
            "\n",
            "31/02/2021 09:50,Leeds,Ann Example,\"Regular Mocha - 2.30\",2.30,CASH,",
            "1999-12-31 23:00:00,Leeds,Ann Example,\"Regular Mocha - 2.30\",2.30,CASH,",
            "25/08/2021 09:20,,Ann Example,\"Regular Latte - 2.15\",2.15,CASH,",
            "25/08/2021 09:25,Leeds,Ann Example,\"\",0.00,CASH,",
            "25/08/2021 09:40,Leeds,Ann Example,\"Regular Latte 2.15\",2.15,CARD,4000111122223333",
            "25/08/2021 10:40,Leeds,Ann Example,\"Regular Latte - 2.15, Regular Latte - 2.1O\",4.25,CASH,",
            "26-08-2021 12:05,York,\"Example, O\"\"Neil\",\"Regular Latte - 2.15\",two pounds,CASH,",
            "25/08/2021 11:02,Leeds,Ann Example,\"Regular Americano - 1.95, Regular Cortado - 2.05\",4.10,CARD,4000111122223333",
            "25/08/2021 11:03,Leeds,Ann Example,\"Regular Americano - 1.95, Regular Cortado - 2.05\",4.005,CARD,4000111122223333",
            ""));

    assertThatDataFrame(conform().select("source_row", "reason", "detail", "raw_record"))
        .hasRows(
            RowFactory.create(1, "UNPARSEABLE_TIME", "'31/02/2021 09:50' matches none of dd/MM/yyyy HH:mm, d/M/yyyy H:mm, yyyy-MM-dd HH:mm:ss, dd-MM-yyyy HH:mm",
                "31/02/2021 09:50,Leeds,***,Regular Mocha - 2.30,2.30,CASH"),
            RowFactory.create(2, "TIME_OUT_OF_RANGE", "1999-12-31 23:00:00 is before 2000-01-01T00:00:00Z (validation.min_time)",
                "1999-12-31 23:00:00,Leeds,***,Regular Mocha - 2.30,2.30,CASH"),
            RowFactory.create(3, "MISSING_STORE", "no store", "25/08/2021 09:20,,***,Regular Latte - 2.15,2.15,CASH"),
            RowFactory.create(4, "EMPTY_BASKET", "no items in the basket", "25/08/2021 09:25,Leeds,***,,0.00,CASH"),
            RowFactory.create(5, "BAD_ITEM", "item 1 'Regular Latte 2.15' is not '<product> - <price>'", "25/08/2021 09:40,Leeds,***,Regular Latte 2.15,2.15,CARD,***"),
            RowFactory.create(6, "BAD_PRICE", "item 2 'Regular Latte - 2.1O': '2.1O' is not a price",
                "25/08/2021 10:40,Leeds,***,\"Regular Latte - 2.15, Regular Latte - 2.1O\",4.25,CASH"),
            RowFactory.create(7, "BAD_TOTAL", "'two pounds' is not an amount", "26-08-2021 12:05,York,***,Regular Latte - 2.15,two pounds,CASH"),
            RowFactory.create(8, "TOTAL_MISMATCH", "total 4.10 but the items add up to 4.00",
                "25/08/2021 11:02,Leeds,***,\"Regular Americano - 1.95, Regular Cortado - 2.05\",4.10,CARD,***"),
            // within the 0.005 tolerance: trusted, total rounded to 4.01
            RowFactory.create(9, null, null, "25/08/2021 11:03,Leeds,***,\"Regular Americano - 1.95, Regular Cortado - 2.05\",4.005,CARD,***"));
  }

  @Test
  void linesThatDoNotFitTheirFilesLayoutAreQuarantinedRedacted() throws Exception {
    write(
        "layout.csv",
        String.join(
            "\n",
            // a spreadsheet saved in a European locale: one cell
            "25/08/2021 09:00;Leeds;Ann Example;\"Regular Latte - 2.15\";2.15;CARD;4000111122223333",
            // an unquoted comma in the name shifts the card number out of its column
            "25/08/2021 09:05,Leeds,Example, Ann,\"Regular Latte - 2.15\",2.15,CARD,4000111122223333",
            // a stray quote: where its cells end cannot be told
            "25/08/2021 09:10,Leeds,Ann \"Nan\" Example,\"Regular Latte - 2.15\",2.15,CARD,4000111122223333",
            // the payment column is missing, so the card number sits in it
            "25/08/2021 09:15,Leeds,Ann Example,\"Regular Latte - 2.15\",2.15,4000 1111 2222 3333",
            // a cash line without the empty card cell still has every mapped column: trusted
            "25/08/2021 09:20,Leeds,Ann Example,\"Regular Latte - 2.15\",2.15,CASH",
            ""));

    assertThatDataFrame(conform().select("source_row", "reason", "detail", "raw_record"))
        .hasRows(
            RowFactory.create(1, "BAD_LAYOUT",
                "the line has 1 cells, too few for the mapped columns (up to column 6) (separated by ';'? set source.options.sep); "
                    + "raw_record redacted: the cells may hold personal data out of place",
                "25/08/2021 09:00;xxxxx;xxx xxxxxxx;\"xxxxxxx xxxxx - 2.15\";2.15;xxxx;######"),
            RowFactory.create(2, "BAD_LAYOUT",
                "the line has 8 cells where its file has 7 (an unquoted separator in a cell?); raw_record redacted: the cells may hold personal data out of place",
                "25/08/2021 09:05,xxxxx,xxxxxxx, xxx,\"xxxxxxx xxxxx - 2.15\",2.15,xxxx,######"),
            RowFactory.create(3, "BAD_LAYOUT",
                "a quote inside an unquoted cell: the cells cannot be told apart; raw_record redacted: the cells may hold personal data out of place",
                "25/08/2021 09:10,xxxxx,xxx \"xxx\" xxxxxxx,\"xxxxxxx xxxxx - 2.15\",2.15,xxxx,######"),
            RowFactory.create(4, "BAD_LAYOUT",
                "a card number in column payment_method: the cells are shifted; raw_record redacted: the cells may hold personal data out of place",
                "25/08/2021 09:15,xxxxx,xxx xxxxxxx,\"xxxxxxx xxxxx - 2.15\",2.15,######"),
            RowFactory.create(5, null, null, "25/08/2021 09:20,Leeds,***,Regular Latte - 2.15,2.15,CASH"));
  }

  @Test
  void aHeaderThatNamesNoPersonalColumnKeepsQuarantinedLinesRedacted() throws Exception {
    write(
        "renamed.csv",
        "Date,Location,Name,Basket,Total,Payment Method,Card\n"
            + "25/08/2021 09:00,Leeds,Ann Example,\"Regular Latte - 2.15\",2.15,CARD,4000111122223333\n"
            + "31/02/2021 09:05,Leeds,Ann Example,\"Regular Latte - 2.15\",2.15,CARD,4000111122223333\n");

    assertThatDataFrame(conform().filter(col("kind").equalTo("DATA")).select("source_row", "reason", "detail", "raw_record", "customer_key"))
        .hasRows(
            RowFactory.create(2, null, null, "25/08/2021 09:00,xxxxx,xxx xxxxxxx,\"xxxxxxx xxxxx - 2.15\",2.15,xxxx,######", null),
            RowFactory.create(3, "UNPARSEABLE_TIME",
                "'31/02/2021 09:05' matches none of dd/MM/yyyy HH:mm, d/M/yyyy H:mm, yyyy-MM-dd HH:mm:ss, dd-MM-yyyy HH:mm; "
                    + "raw_record redacted: the file has no column for customer_name, card_number",
                "31/02/2021 09:05,xxxxx,xxx xxxxxxx,\"xxxxxxx xxxxx - 2.15\",2.15,xxxx,######",
                null));
  }

  @Test
  void anEmptyTotalIsBadTotalAndDoubledQuotesKeepACommaInsideItsCell() throws Exception {
    write(
        "quotes.csv",
        "25/08/2021 09:00,Leeds,Ann Example,\"Regular Latte - 2.15\",,CASH,\n"
            + "25/08/2021 09:05,Leeds,\"Dara O\"\"Example, Fictive\",\"Regular Latte - 2.1O\",2.15,CARD,4000111122223333\n");

    assertThatDataFrame(conform().select("source_row", "reason", "detail", "raw_record", "customer_key"))
        .hasRows(
            RowFactory.create(1, "BAD_TOTAL", "no total", "25/08/2021 09:00,Leeds,***,Regular Latte - 2.15,,CASH", CustomerKeys.customerKey(KEY, "ann example")),
            // the name is one cell: masked; the card stays where the mapping says, masked
            RowFactory.create(2, "BAD_PRICE", "item 1 'Regular Latte - 2.1O': '2.1O' is not a price", "25/08/2021 09:05,Leeds,***,Regular Latte - 2.1O,2.15,CARD,***",
                CustomerKeys.customerKey(KEY, "dara o\"example, fictive")));
  }

  @Test
  void amountsThatDoNotFitMoneyAreQuarantinedNotNulled() throws Exception {
    write(
        "amounts.csv",
        String.join(
            "\n",
            "25/08/2021 09:00,Leeds,Ann Example,\"Regular Latte - 100000000.00\",100000000.00,CASH,",
            "25/08/2021 09:05,Leeds,Ann Example,\"Regular Latte - 2.15\",123456789012345678901234567890123456789012.00,CASH,",
            "25/08/2021 09:10,Leeds,Ann Example,\"Regular Latte - 99999999.99\",99999999.99,CASH,",
            ""));

    assertThatDataFrame(conform().select("source_row", "reason", "detail", "total"))
        .hasRows(
            RowFactory.create(1, "AMOUNT_OUT_OF_RANGE", "item 1 price does not fit decimal(10,2): 100000000.00 or more", null),
            RowFactory.create(2, "AMOUNT_OUT_OF_RANGE", "total does not fit decimal(10,2): 100000000.00 or more", null),
            RowFactory.create(3, null, null, new BigDecimal("99999999.99")));
  }

  @Test
  void rowsOfSeparatorsAreBlankLinesAndAByteOrderMarkIsDropped() throws Exception {
    write("blank.csv", "\uFEFFDate,Location,Customer Name,Basket,Total,Payment Method,Card Number\n,,,,,,\n\"\",\"\",,,,,\n"
        + "25/08/2021 09:00,Leeds,Ann Example,\"Regular Latte - 2.15\",2.15,CASH,\n");

    assertThatDataFrame(conform().select("source_row", "kind", "reason"))
        .hasRows(
            RowFactory.create(1, "HEADER", null),
            RowFactory.create(2, "BLANK", null),
            RowFactory.create(3, "BLANK", null),
            RowFactory.create(4, "DATA", null));
  }

  @Test
  void theEncodingOptionDecodesSpreadsheetExports() throws Exception {
    // windows-1252: £ is 0xA3, é is 0xE9; read as UTF-8 both would be U+FFFD
    Files.write(
        landing.resolve("cp1252.csv"),
        "25/08/2021 09:00,Café Lune,Renée Dubois,\"Regular Latte - £2.15\",£2.15,CASH,\n".getBytes(java.nio.charset.Charset.forName("windows-1252")));
    String yaml = Files.readString(ProjectFiles.pipeline("cafe-orders")).replace("  format: csv\n", "  format: csv\n  encoding: windows-1252\n");

    assertThatDataFrame(conform(yaml).select("store", "total", "customer_key", "reason"))
        .hasRows(RowFactory.create("Café Lune", new BigDecimal("2.15"), CustomerKeys.customerKey(KEY, "renée dubois"), null));
    assertThatDataFrame(conform().select("store", "reason"))
        .hasRows(RowFactory.create("Caf\uFFFD Lune", "BAD_PRICE"));
  }

  @Test
  void customerKeyIsTheHmacOfTheNormalisedNameAndOrderIdIsStable() throws Exception {
    write("k.csv", "25/08/2021 09:00,Leeds,  ADA Whitfield ,\"Latte - 2.15\",2.15,CASH,\n25/08/2021 09:05,Leeds,,\"Latte - 2.15\",2.15,CASH,\n");

    Row first = conform().orderBy("source_row").first();
    assertThat(first.<String>getAs("customer_key")).isEqualTo(CustomerKeys.customerKey(KEY, "ada whitfield")).hasSize(64);
    // by the file's full path: york/day.csv and leeds/day.csv are two files
    assertThat(first.<String>getAs("order_id")).isEqualTo(md5(path("k.csv") + "|1"));
    assertThat(conform().orderBy("source_row").collectAsList().get(1).<String>getAs("customer_key")).isNull();
  }

  private Dataset<Row> conform() throws Exception {
    return conform(Files.readString(ProjectFiles.pipeline("cafe-orders")));
  }

  private Dataset<Row> conform(String yaml) {
    PipelineConfig config =
        PipelineConfig.parse(ProjectFiles.pipeline("cafe-orders").toString(), yaml).withOverrides(JobArguments.parse("--pipeline", "p", "--input", landing.toString()));
    Dataset<Row> lines = OrderLanding.read(SparkTestSession.get(), config.source());
    return ConformOrders.conform(config.source(), config.orders(), config.validation(), KEY, "run-1", RUN_STARTED, lines);
  }

  /** A landing file's path as Spark and the bookmark write it: {@code file:/tmp/.../a.csv}. */
  private String path(String name) {
    return "file:" + landing.resolve(name);
  }

  private void write(String name, String content) throws Exception {
    Files.writeString(landing.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static String md5(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}

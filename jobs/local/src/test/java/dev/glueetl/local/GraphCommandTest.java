package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ./glue-etl graph} through the command line: no Spark session (LineageGraphTest checks every edge). */
class GraphCommandTest {
  @Test
  void printsTheMermaidDiagramOfAPipelineFile() {
    int status = execute("graph", ProjectFiles.pipeline("cafe-orders").toString());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(printed).startsWith("flowchart LR\n");
    // sales_daily reads orders; product_sales reads order_items
    assertThat(printed.lines())
        .contains(
            "  table_cafe_orders_trusted_orders --> table_cafe_orders_curated_sales_daily",
            "  table_cafe_orders_trusted_order_items --> table_cafe_orders_curated_product_sales",
            "  table_cafe_orders_trusted_orders -.->|references| ruleset_cafe_orders_trusted_order_items_trusted_order_items")
        .doesNotContain("  table_cafe_orders_trusted_orders --> table_cafe_orders_curated_product_sales");
  }

  @Test
  void anUnknownPipelineIsPipelineNotFound() {
    int status = execute("graph", "no-such-pipeline");

    assertThat(status).isEqualTo(ErrorCode.PIPELINE_NOT_FOUND.exitStatus());
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: [PIPELINE_NOT_FOUND]").hasLineCount(1);
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int execute(String... args) {
    return new GlueEtlCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
  }
}

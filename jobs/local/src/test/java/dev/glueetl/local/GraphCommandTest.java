package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The graph command as the CLI calls it: no Spark session (LineageGraphTest checks every edge). */
class GraphCommandTest {
  @Test
  void printsTheMermaidDiagramOfAPipelineFile() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status = GraphCommand.print(ProjectFiles.pipeline("cafe-orders").toString(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String printed = bytes.toString(StandardCharsets.UTF_8);
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
    assertThatThrownBy(() -> GraphCommand.print("no-such-pipeline", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PIPELINE_NOT_FOUND));
  }
}

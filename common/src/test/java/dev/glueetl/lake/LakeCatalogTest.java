package dev.glueetl.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalog names follow the lake they were last registered from, even when an earlier lake is gone. */
class LakeCatalogTest {
  private final SparkSession spark = SparkTestSession.get();

  private Lake lakeWith(Path root, int rows) {
    Lake lake = Lake.qualified(root.toString(), spark.sparkContext().hadoopConfiguration());
    spark.range(rows).toDF("id").write().format("delta").save(lake.pathOf(TableId.of("catalog-test", Zone.CURATED, "numbers")));
    return lake;
  }

  @Test
  void aTableRegisteredFromAnotherLakeIsRepointedEvenWhenThatLakeWasDeleted(@TempDir Path work) throws Exception {
    Lake first = lakeWith(work.resolve("first"), 3);
    Lake second = lakeWith(work.resolve("second"), 5);

    assertThat(LakeCatalog.registerPipeline(spark, first, "catalog-test")).extracting(TableId::catalogName).containsExactly("catalog_test_curated.numbers");
    assertThat(spark.table("catalog_test_curated.numbers").count()).isEqualTo(3);

    try (Stream<Path> files = Files.walk(work.resolve("first"))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    LakeCatalog.registerPipeline(spark, second, "catalog-test");
    assertThat(spark.table("catalog_test_curated.numbers").count()).isEqualTo(5);

    // registering the same lake again keeps the entry as it is
    LakeCatalog.registerPipeline(spark, second, "catalog-test");
    assertThat(spark.table("catalog_test_curated.numbers").count()).isEqualTo(5);
  }
}

package dev.glueetl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The privacy scans see in a Parquet file what a reader of the data would: strings, nested values and doubles. */
class ParquetTextTest {
  @Test
  void everyValueOfEveryRecordIsInTheText(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    spark.sql("SELECT 'Jane Doe' AS name, 7.31642E15 AS card, named_struct('email', 'jane@example.org') AS contact, array('Élodie') AS aliases")
        .coalesce(1).write().parquet(dir.resolve("t").toString());
    Path file;
    try (Stream<Path> files = Files.list(dir.resolve("t"))) {
      file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }

    String text = ParquetText.of(file);

    assertThat(text).contains("Jane Doe", "7.31642E15", "jane@example.org", "Élodie");
  }
}

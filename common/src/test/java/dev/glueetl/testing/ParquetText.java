package dev.glueetl.testing;

import dev.glueetl.spark.NioLocalFileSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * The records of a Parquet file as text, one per line with every field's name and value (strings as UTF-8), read with
 * the Parquet library and no Spark. The privacy scans look for personal values in every file of a lake; a Spark job
 * per file cost them seconds each.
 */
public final class ParquetText {
  private ParquetText() {}

  public static String of(Path file) {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    StringBuilder text = new StringBuilder();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).build()) {
      for (Group record = reader.read(); record != null; record = reader.read()) {
        text.append(record).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Parquet file " + file, e);
    }
    return text.toString();
  }
}

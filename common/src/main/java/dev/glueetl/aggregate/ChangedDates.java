package dev.glueetl.aggregate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The dates a trusted table's commits touched between two versions, read from the Delta log alone (no data is read):
 * every file a commit added or removed carries its partition values, and the tables are partitioned by date.
 *
 * <pre>
 * _delta_log/00000000000000000007.json   {"remove":{"partitionValues":{"event_date":"2024-03-02"},...}}
 *                                         {"add":{"partitionValues":{"event_date":"2024-03-02"},...}}
 * → changed dates after version 6: [2024-03-02]
 * </pre>
 */
public final class ChangedDates {
  private ChangedDates() {}

  /**
   * The dates touched by the commits in (from, to]; all dates of the table at {@code to} when {@code from} is negative
   * (never aggregated) or when the log no longer holds those commits (cleaned up by log retention).
   */
  public static TreeSet<LocalDate> between(SparkSession spark, String tablePath, String dateColumn, long from, long to) {
    if (from >= to) {
      return new TreeSet<>();
    }
    List<String> commits = new ArrayList<>();
    try {
      FileSystem fs = new Path(tablePath).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (long version = Math.max(0, from + 1); version <= to; version++) {
        Path commit = new Path(tablePath + "/_delta_log/" + String.format("%020d.json", version));
        if (from < 0 || !fs.exists(commit)) {
          return allDates(spark, tablePath, dateColumn, to);
        }
        commits.add(commit.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the Delta log of " + tablePath, e);
    }
    // A commit file is a few JSON lines (one per file added or removed): read on the driver, without a Spark job.
    TreeSet<LocalDate> dates = new TreeSet<>();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      FileSystem fs = new Path(tablePath).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String commit : commits) {
        try (java.io.BufferedReader reader =
            new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(new Path(commit)), java.nio.charset.StandardCharsets.UTF_8))) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            com.fasterxml.jackson.databind.JsonNode action = json.readTree(line);
            for (String kind : List.of("add", "remove")) {
              com.fasterxml.jackson.databind.JsonNode value = action.path(kind).path("partitionValues").path(dateColumn);
              if (value.isTextual()) {
                dates.add(LocalDate.parse(value.asText()));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the Delta log of " + tablePath, e);
    }
    return dates;
  }

  private static TreeSet<LocalDate> allDates(SparkSession spark, String tablePath, String dateColumn, long version) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (Row row : spark.read().format("delta").option("versionAsOf", version).load(tablePath).select(dateColumn).distinct().collectAsList()) {
      dates.add(row.getDate(0).toLocalDate());
    }
    return dates;
  }
}

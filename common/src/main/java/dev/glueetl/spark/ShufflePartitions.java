package dev.glueetl.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Sizes {@code spark.sql.shuffle.partitions} to the input instead of Spark's fixed 200: about one partition per
 * {@value #BYTES_PER_PARTITION} bytes of input, at least the cluster's parallelism. Adaptive execution then coalesces
 * what turns out smaller, except in a cached plan, whose partitioning Spark keeps as it was planned (so that later
 * queries can reuse it): there the count must be right from the start. The input size comes from the file listing (no
 * extra pass).
 */
public final class ShufflePartitions {
  static final long BYTES_PER_PARTITION = 64L * 1024 * 1024;
  static final int MAX_PARTITIONS = 4000;

  private ShufflePartitions() {}

  /** The partition count for an input of {@code inputBytes} on {@code parallelism} cores. */
  public static int forInput(long inputBytes, int parallelism) {
    long byBytes = (inputBytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
    return (int) Math.max(Math.max(1, parallelism), Math.min(MAX_PARTITIONS, byBytes));
  }

  /** Sets the session's shuffle partitions for {@code inputBytes} of files; returns the number chosen. */
  public static int sizeFor(SparkSession spark, long inputBytes) {
    int partitions = forInput(inputBytes, spark.sparkContext().defaultParallelism());
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
    return partitions;
  }
}

package dev.glueetl.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Chooses between compiled and interpreted execution from the size of a job's input. Spark compiles Java source for
 * every query stage (whole-stage code generation) and every projection; the compile costs about the same whatever the
 * data, and pays off only per row. Measured on a cold JVM (BENCHMARKS.md, "Small inputs"): the bundled 23 events ran the
 * whole workflow in 30 s compiled and 23 s interpreted, and 100,000 events (26 MiB) still ran faster interpreted
 * (33 s against 38 s). Large inputs need the compiled code, so below {@value #SMALL_INPUT_BYTES} bytes of landing
 * input (Delta tables count {@value #DELTA_EXPANSION} times their size) a job runs interpreted and above it compiled.
 *
 * <p>A user's own choice wins: when {@code spark.sql.codegen.wholeStage} or {@code spark.sql.codegen.factoryMode} was
 * set when the session started ({@code --conf} on Glue or spark-submit), nothing is changed.
 */
public final class CodeGeneration {
  /** 32 MiB: about 120,000 landing events, or a Delta table of several hundred thousand rows. */
  public static final long SMALL_INPUT_BYTES = 32L * 1024 * 1024;

  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

  private CodeGeneration() {}

  /** How a job's queries run. */
  public enum Mode {
    COMPILED,
    INTERPRETED,
    /** As the user configured the session. */
    CONFIGURED;

    public String describe() {
      return switch (this) {
        case COMPILED -> "compiled execution (whole-stage code generation)";
        case INTERPRETED -> "interpreted execution (small input: compiling would cost more than it saves)";
        case CONFIGURED -> "code generation as configured (" + WHOLE_STAGE + " or " + FACTORY_MODE + " set)";
      };
    }
  }

  /** The mode for an input of {@code inputBytes} in a session started with {@code startup}. */
  static Mode choose(SparkConf startup, long inputBytes) {
    if (startup.contains(WHOLE_STAGE) || startup.contains(FACTORY_MODE)) {
      return Mode.CONFIGURED;
    }
    return inputBytes < SMALL_INPUT_BYTES ? Mode.INTERPRETED : Mode.COMPILED;
  }

  /** Sets the session's code generation for an input of {@code inputBytes}; returns the mode in effect. */
  public static Mode sizeFor(SparkSession spark, long inputBytes) {
    Mode mode = choose(spark.sparkContext().getConf(), inputBytes);
    if (mode == Mode.CONFIGURED) {
      return mode;
    }
    boolean compiled = mode == Mode.COMPILED;
    spark.conf().set(WHOLE_STAGE, String.valueOf(compiled));
    // FALLBACK is Spark's default: compile, and interpret an expression only when compiling it fails
    spark.conf().set(FACTORY_MODE, compiled ? "FALLBACK" : "NO_CODEGEN");
    return mode;
  }

  /**
   * A byte of Delta data (compressed Parquet) holds the rows of about {@value #DELTA_EXPANSION} bytes of landing text
   * (measured: 1 M events are 259 MiB of JSON lines and about 35 MiB in the trusted tables; rounded down, so a job
   * reading Delta tables switches to compiled execution early rather than late).
   */
  static final long DELTA_EXPANSION = 4;

  /** Delta table bytes expressed as landing bytes, for {@link #sizeFor}. */
  public static long deltaAsInputBytes(long deltaBytes) {
    return deltaBytes * DELTA_EXPANSION;
  }
}

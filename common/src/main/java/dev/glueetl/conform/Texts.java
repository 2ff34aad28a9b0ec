package dev.glueetl.conform;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/** Text cleaning shared by all conform steps. */
public final class Texts {
  private Texts() {}

  /** Blanks trimmed from both ends: space, tab, carriage return, line feed. */
  public static final String BLANKS = " \t\r\n";

  /** Trims, and turns the empty string into NULL: {@code "  a "} → {@code "a"}, {@code "  "} → NULL. */
  public static Column clean(Column text) {
    Column trimmed = trim(text.cast("string"), BLANKS);
    return when(trimmed.notEqual(lit("")), trimmed);
  }
}

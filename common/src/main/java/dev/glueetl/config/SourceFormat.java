package dev.glueetl.config;

import java.util.Locale;

/** How landing files are encoded. */
public enum SourceFormat {
  /** JSON lines: one JSON object per line. */
  JSON,
  /** Comma-separated values, with or without a header line. */
  CSV,
  /** Apache Parquet (schema taken from the file footers). */
  PARQUET;

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.glueetl.lake;

import java.util.Locale;

/** The zones of the lake. Tables live at {@code <lake>/<zone>/<pipeline>/<table>}. */
public enum Zone {
  /** Input as delivered; never modified by any job. */
  LANDING,
  /** Typed copies of the landing records, checked for nothing beyond parsing (pipelines that declare it in {@code zones}). */
  RAW,
  /** Cleaned, deduplicated, conformed records. */
  TRUSTED,
  /** Metrics for BI tools. */
  CURATED,
  /** Records that failed parsing or rules, with a reason code. */
  QUARANTINE,
  /** Quality results and metric history. */
  QUALITY,
  /** One record per job run: state, counts, timings. */
  RUNS;

  /** The directory and catalog-name form: {@code trusted}, {@code runs}. */
  public String dirName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.glueetl.config;

/** Whether the first line of a CSV landing file names its columns. */
public enum HeaderMode {
  /** A first line whose cells include a mapped (non-positional) column name is a header; decided per file. */
  AUTO,
  /** Every file starts with a header line. */
  TRUE,
  /** No file has a header: map positional columns {@code _c0}, {@code _c1}, ... */
  FALSE
}

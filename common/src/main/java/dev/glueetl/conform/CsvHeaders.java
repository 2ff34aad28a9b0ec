package dev.glueetl.conform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The header line of a CSV file, read on the driver from the file's start: a few bytes per file, through Hadoop's
 * FileSystem (local, S3A) and its compression codecs ({@code .gz}, {@code .bz2}), so that each file can be mapped by
 * its own column names.
 */
public final class CsvHeaders {
  private CsvHeaders() {}

  /** The first line of {@code file}, decoded, without a byte-order mark; empty for an empty file. */
  public static Optional<String> firstLine(String file, Charset charset, Configuration hadoop) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(path);
      try (InputStream raw = fs.open(path);
          InputStream in = codec == null ? raw : codec.createInputStream(raw);
          BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset))) {
        String line = reader.readLine();
        if (line == null) {
          return Optional.empty();
        }
        return Optional.of(line.startsWith("\uFEFF") ? line.substring(1) : line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the header of " + file, e);
    }
  }

  /**
   * The cells of one CSV line, split on {@code separator} outside double quotes, quotes removed and doubled quotes
   * unescaped, each trimmed: {@code a, "b,c" ,"d""e"} gives {@code [a, b,c, d"e]}.
   */
  public static List<String> cells(String line, String separator) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (line.startsWith(separator, i)) {
        cells.add(cell.toString().trim());
        cell.setLength(0);
        i += separator.length() - 1;
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString().trim());
    return cells;
  }
}

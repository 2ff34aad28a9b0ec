package dev.glueetl.landing;

import dev.glueetl.error.Errors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists a landing input (a file, a directory, or a glob; local or {@code s3a://}) into its files with size and
 * modification time, in one listing per directory (a flat listing on S3). Directories are listed recursively, as
 * Spark's file sources do; names starting with {@code _} or {@code .} are skipped (Spark's hidden files: {@code
 * _SUCCESS}, {@code .crc}).
 *
 * <p>A file's path is written as Hadoop writes it ({@code file:/landing/a.jsonl}, {@code s3a://bucket/landing/a.jsonl}),
 * the form of Spark's {@code _metadata.file_path}: the path names the file everywhere (ledger, {@code source_file}).
 */
public final class LandingFiles {
  private LandingFiles() {}

  /** One landing file. */
  public record LandingFile(String path, long size, long modifiedAt) {}

  /**
   * The files of {@code input}, sorted by path.
   *
   * @throws dev.glueetl.error.GlueEtlException INPUT_NOT_FOUND when the input matches nothing
   */
  public static List<LandingFile> list(String input, Configuration hadoop) {
    Path pattern = new Path(input);
    List<LandingFile> files = new ArrayList<>();
    try {
      FileSystem fs = pattern.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(pattern);
      if (matches == null || matches.length == 0) {
        throw Errors.inputNotFound(input, "source.path or --input");
      }
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          RemoteIterator<LocatedFileStatus> inside = fs.listFiles(match.getPath(), true);
          while (inside.hasNext()) {
            LocatedFileStatus file = inside.next();
            if (file.isFile() && !hidden(match.getPath(), file.getPath())) {
              files.add(of(file));
            }
          }
        } else if (!hidden(match.getPath().getParent(), match.getPath())) {
          files.add(of(match));
        }
      }
    } catch (FileNotFoundException e) {
      throw Errors.inputNotFound(input, "source.path or --input");
    } catch (IOException e) {
      throw new UncheckedIOException("listing the landing input " + input, e);
    }
    files.sort(Comparator.comparing(LandingFile::path));
    return List.copyOf(files);
  }

  private static LandingFile of(FileStatus status) {
    return new LandingFile(status.getPath().toString(), status.getLen(), status.getModificationTime());
  }

  /** Whether any path element below {@code root} starts with {@code _} or {@code .}. */
  private static boolean hidden(Path root, Path file) {
    String rootText = root == null ? "" : root.toUri().getPath();
    String relative = file.toUri().getPath().substring(Math.min(rootText.length(), file.toUri().getPath().length()));
    for (String part : relative.split("/")) {
      if (part.startsWith("_") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}

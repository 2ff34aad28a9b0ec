package dev.glueetl.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The files a file-based dataset reads, named exactly as its {@code _metadata.file_path} column names them. */
public final class SourceFiles {
  private SourceFiles() {}

  /**
   * Lists the input files from Spark's own file index (no data is read). {@code inputFiles()} writes local files as
   * {@code file:///x} while {@code _metadata.file_path} writes {@code file:/x}; Hadoop's Path gives the latter form.
   */
  public static List<String> of(Dataset<Row> fileDataset) {
    List<String> files = new ArrayList<>();
    for (String file : fileDataset.inputFiles()) {
      files.add(new Path(file).toString());
    }
    files.sort(null);
    return List.copyOf(files);
  }
}

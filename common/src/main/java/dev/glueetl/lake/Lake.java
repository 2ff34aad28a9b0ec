package dev.glueetl.lake;

/**
 * The lake root, a local directory or {@code s3a://bucket/prefix}, and where each table lives under it.
 *
 * <pre>
 * &lt;lake&gt;/trusted/app-events/events
 * &lt;lake&gt;/quarantine/app-events/events
 * &lt;lake&gt;/runs/app-events/job_runs
 * </pre>
 */
public record Lake(String root) {

  public Lake {
    while (root.length() > 1 && root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
  }

  /**
   * The lake at {@code root} with a relative local directory made absolute ({@code lake} →
   * {@code file:/work/lake}): Delta addresses tables by absolute path.
   */
  public static Lake qualified(String root, org.apache.hadoop.conf.Configuration hadoopConf) {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(root);
      return new Lake(path.getFileSystem(hadoopConf).makeQualified(path).toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("resolving the lake root " + root, e);
    }
  }

  public String pathOf(TableId table) {
    return root + "/" + table.zone().dirName() + "/" + table.pipeline() + "/" + table.table();
  }

  /** The directory of one pipeline's zone, e.g. where its quality reports go. */
  public String zonePath(Zone zone, String pipeline) {
    return root + "/" + zone.dirName() + "/" + pipeline;
  }
}

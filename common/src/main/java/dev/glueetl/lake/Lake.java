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

  public String pathOf(TableId table) {
    return root + "/" + table.zone().dirName() + "/" + table.pipeline() + "/" + table.table();
  }

  /** The directory of one pipeline's zone, e.g. where its quality reports go. */
  public String zonePath(Zone zone, String pipeline) {
    return root + "/" + zone.dirName() + "/" + pipeline;
  }
}

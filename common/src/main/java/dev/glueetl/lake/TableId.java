package dev.glueetl.lake;

/**
 * A table of the lake: pipeline, zone and table name. Its catalog name is {@code <pipeline>_<zone>.<table>} with '-'
 * replaced by '_' (for example {@code app_events_trusted.sessions}), which is also its Glue Data Catalog database and
 * table.
 */
public record TableId(String pipeline, Zone zone, String table) {

  public static TableId of(String pipeline, Zone zone, String table) {
    return new TableId(pipeline, zone, table);
  }

  /** The catalog database of a pipeline's zone: {@code app_events_trusted}. */
  public static String database(String pipeline, Zone zone) {
    return (pipeline + "_" + zone.dirName()).replace('-', '_');
  }

  public String database() {
    return database(pipeline, zone);
  }

  public String catalogName() {
    return database() + "." + table;
  }

  @Override
  public String toString() {
    return catalogName();
  }
}

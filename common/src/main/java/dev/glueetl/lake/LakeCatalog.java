package dev.glueetl.lake;

import dev.glueetl.error.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import scala.Option;

/**
 * Registers the Delta tables of a lake in the session catalog under their catalog names
 * ({@code app_events_trusted.sessions}), as external tables over their locations. With Glue's
 * {@code --enable-glue-datacatalog} the session catalog is the Glue Data Catalog, so Athena sees the same names; locally
 * it is Spark's in-memory catalog, so {@code ./glue-etl sql} can use them.
 */
public final class LakeCatalog {
  private LakeCatalog() {}

  /** Every Delta table under {@code <lake>/<zone>/<pipeline>/<table>} for the zones that hold tables. */
  public static List<TableId> discover(SparkSession spark, Lake lake) {
    Path root = new Path(lake.root());
    List<TableId> tables = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw Errors.lakeNotFound(lake.root());
      }
      FileStatus[] logs = fs.globStatus(new Path(root, "*/*/*/_delta_log"));
      if (logs == null) {
        return tables;
      }
      for (FileStatus log : logs) {
        Path tableDir = log.getPath().getParent();
        Path pipelineDir = tableDir.getParent();
        String zoneName = pipelineDir.getParent().getName();
        Zone zone;
        try {
          zone = Zone.valueOf(zoneName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (zone != Zone.LANDING) {
          tables.add(TableId.of(pipelineDir.getName(), zone, tableDir.getName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing the lake " + lake.root(), e);
    }
    tables.sort((a, b) -> a.catalogName().compareTo(b.catalogName()));
    return tables;
  }

  /**
   * Creates the database and the external table for {@code table}. A table of that name already registered over
   * another location (a lake in another bucket, a previous local lake) is re-pointed here: its catalog entry is dropped
   * through the external catalog, which only touches metadata, because resolving the old location could mean minutes
   * of S3 retries against a lake that no longer exists.
   */
  public static void register(SparkSession spark, Lake lake, TableId table) {
    String location = lake.pathOf(table);
    spark.sql("CREATE DATABASE IF NOT EXISTS `" + table.database() + "`");
    ExternalCatalog catalog = spark.sharedState().externalCatalog();
    if (catalog.tableExists(table.database(), table.table())) {
      CatalogTable existing = catalog.getTable(table.database(), table.table());
      if (existing.storage().locationUri().isDefined()
          && sameLocation(existing.storage().locationUri().get(), location)) {
        return;
      }
      catalog.dropTable(table.database(), table.table(), true, false);
      spark.sessionState().catalog().invalidateCachedTable(new TableIdentifier(table.table(), Option.apply(table.database())));
    }
    spark.sql(
        "CREATE TABLE IF NOT EXISTS `" + table.database() + "`.`" + table.table() + "` USING delta LOCATION '"
            + location.replace("'", "\\'") + "'");
  }

  private static boolean sameLocation(URI registered, String location) {
    return stripSlash(registered.toString()).equals(stripSlash(new Path(location).toUri().toString()));
  }

  private static String stripSlash(String uri) {
    String s = uri.replaceFirst("^file:///", "file:/");
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Registers every table of one pipeline (trusted, curated, quarantine, quality, runs); returns them. */
  public static List<TableId> registerPipeline(SparkSession spark, Lake lake, String pipeline) {
    List<TableId> tables = discover(spark, lake).stream().filter(t -> t.pipeline().equals(pipeline)).toList();
    for (TableId table : tables) {
      register(spark, lake, table);
    }
    return tables;
  }

  /** Discovers and registers every table of the lake; returns them. */
  public static List<TableId> registerAll(SparkSession spark, Lake lake) {
    List<TableId> tables = discover(spark, lake);
    for (TableId table : tables) {
      register(spark, lake, table);
    }
    return tables;
  }
}

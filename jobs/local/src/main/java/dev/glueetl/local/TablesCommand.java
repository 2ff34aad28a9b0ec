package dev.glueetl.local;

import dev.glueetl.lake.Lake;
import dev.glueetl.lake.LakeCatalog;
import dev.glueetl.lake.TableId;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./glue-etl tables}: every table of the lake with its row count and location. */
@Command(name = "tables", description = "Lists the lake's tables with their row counts and locations.")
final class TablesCommand extends CliCommand {
  @Mixin LakeOption lake;

  @Override
  public Integer call() {
    SparkSession spark = localSession();
    Lake lakeRoot = Lake.qualified(lake.root, spark.sparkContext().hadoopConfiguration());
    List<TableId> tables = LakeCatalog.registerAll(spark, lakeRoot);
    int width = tables.stream().mapToInt(t -> t.catalogName().length()).max().orElse(5);
    out().println(String.format("%-" + width + "s  %10s  %s", "table", "rows", "location"));
    for (TableId table : tables) {
      long rows = spark.table(table.catalogName()).count();
      out().println(String.format("%-" + width + "s  %10d  %s", table.catalogName(), rows, lakeRoot.pathOf(table)));
    }
    out().println("(" + tables.size() + " tables)");
    return 0;
  }
}

// What a Glue interactive session or spark-shell does with the library jar alone (%extra_jars / --jars):
// open lake tables, re-sessionize trusted events, check the result with a DQDL ruleset.
import dev.glueetl.api.GlueEtl
import org.apache.spark.sql.SparkSession

object NotebookSession {
  def main(args: Array[String]): Unit = {
    val lake = args(0)
    val spark = SparkSession.builder().master("local[2]").appName("notebook")
      .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
      .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
      .config("spark.sql.shuffle.partitions", "2")
      .config("spark.ui.enabled", "false")
      .getOrCreate()
    println("registered " + GlueEtl.registerLake(spark, lake, "app-events").size() + " tables")
    val events = spark.table("app_events_trusted.events")
    val sessions = GlueEtl.sessions(GlueEtl.sessionize(events, "30m"))
    println("sessions " + sessions.count())
    GlueEtl.evaluate(sessions, "Rules = [ RowCount = 6, IsUnique \"session_id\", ColumnValues \"duration_s\" >= 0 ]")
      .collect().foreach(r => println("rule " + r.getString(0) + " -> " + r.getString(1)))
    spark.stop()
  }
}

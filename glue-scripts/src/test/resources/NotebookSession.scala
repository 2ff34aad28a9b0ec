// What a Glue interactive session or spark-shell does with the library jar alone (%extra_jars / --jars):
// open lake tables, look at what the jobs wrote and the run history, re-sessionize trusted events, check the result
// with a DQDL ruleset. GlueScriptsIT reads the lines it prints: this session is also how that test sees the lake, so
// the test JVM itself never starts Spark.
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
    println("trusted events " + spark.table("app_events_trusted.events").count())
    println("trusted sessions " + spark.table("app_events_trusted.sessions").count())
    spark.sql("SELECT date, dau FROM app_events_curated.daily_active_users WHERE platform = 'all' ORDER BY date")
      .collect().foreach(r => println("dau " + r.get(0) + " " + r.get(1)))
    spark.read.format("delta").load(lake + "/runs/app-events/job_runs").orderBy("started_at")
      .selectExpr("concat_ws(' ', job, coalesce(job_name, '-'), state, coalesce(workflow_run_id, '-'), run_id, coalesce(error_code, '-'))")
      .collect().foreach(r => println("job run " + r.getString(0)))
    val events = spark.table("app_events_trusted.events")
    val sessions = GlueEtl.sessions(GlueEtl.sessionize(events, "30m"))
    println("sessions " + sessions.count())
    GlueEtl.evaluate(sessions, "Rules = [ RowCount = 6, IsUnique \"session_id\", ColumnValues \"duration_s\" >= 0 ]")
      .collect().foreach(r => println("rule " + r.getString(0) + " -> " + r.getString(1)))
    spark.stop()
  }
}

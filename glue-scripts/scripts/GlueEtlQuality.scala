// AWS Glue entry script of the glue-etl quality job. Glue compiles this file (Command.ScriptLocation) and starts the
// object named by --class; the job itself lives in glue-etl-quality.jar, which --extra-jars puts on the classpath.
// Glue's arguments (--JOB_NAME, --WORKFLOW_RUN_ID, ... and ours: --pipeline, --lake, ...) pass through unchanged;
// a failed run throws, so Glue marks it FAILED and conditional triggers waiting for SUCCEEDED do not fire.
object GlueEtlQuality {
  def main(sysArgs: Array[String]): Unit = dev.glueetl.jobs.quality.QualityJob.main(sysArgs)
}

package dev.glueetl.local;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.workflow.LineageGraph;
import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code ./glue-etl graph <pipeline>}: prints the pipeline's lineage as a Mermaid {@code flowchart LR} (landing, jobs,
 * triggers, the tables each job writes, the tables each metric reads, the rulesets and what they check). Nothing runs
 * and no Spark session starts: the metric queries are parsed by Spark's session-less parser ({@link LineageGraph#of(
 * PipelineConfig)}), so the command answers in about a second.
 */
public final class GraphCommand {
  /** The usage line of the command, for the CLI's help. */
  public static final String USAGE = "graph <pipeline>   print a Mermaid diagram of the pipeline's jobs, triggers and tables (paste into Markdown as ```mermaid)";

  private GraphCommand() {}

  /**
   * Prints the diagram of {@code pipeline} to {@code out}.
   *
   * @param pipeline a YAML path or the name of a built-in pipeline
   * @return the exit status: 0
   * @throws dev.glueetl.error.GlueEtlException PIPELINE_NOT_FOUND, or the pipeline file's own errors (CONFIG_*, SQL_INVALID)
   */
  public static int print(String pipeline, PrintStream out) {
    PipelineConfig config = PipelineConfig.load(Pipelines.resolve(pipeline), new Configuration());
    out.print(LineageGraph.of(config).mermaid());
    out.flush();
    return 0;
  }
}

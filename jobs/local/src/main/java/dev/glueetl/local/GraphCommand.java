package dev.glueetl.local;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.workflow.LineageGraph;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./glue-etl graph <pipeline>}: prints the pipeline's lineage as a Mermaid {@code flowchart LR} (landing, jobs,
 * triggers, the tables each job writes, the tables each metric reads, the rulesets and what they check). Nothing runs
 * and no Spark session starts: the metric queries are parsed by Spark's session-less parser ({@link LineageGraph#of(
 * PipelineConfig)}), so the command answers in about a second.
 */
@Command(
    name = "graph",
    description = {
      "Prints a Mermaid diagram of the pipeline's jobs, triggers and tables.",
      "The tables each metric reads come from Spark's parse of its SQL. Paste the output into Markdown as ```mermaid."
    })
final class GraphCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "<pipeline>", description = Pipelines.OPERAND, completionCandidates = Pipelines.BuiltIns.class)
  String pipeline;

  @Override
  public Integer call() {
    PipelineConfig config = PipelineConfig.load(Pipelines.resolve(pipeline), new Configuration());
    out().print(LineageGraph.of(config).mermaid());
    out().flush();
    return 0;
  }
}

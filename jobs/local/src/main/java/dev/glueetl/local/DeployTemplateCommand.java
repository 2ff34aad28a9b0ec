package dev.glueetl.local;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.workflow.CloudFormationTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./glue-etl deploy-template <pipeline>}: the CloudFormation template of the pipeline's workflow. */
@Command(
    name = "deploy-template",
    sortOptions = false,
    description = {
      "Prints the CloudFormation template of the pipeline's workflow.",
      "Its Glue jobs, triggers, workflow and role, on stdout or into --out FILE.",
      "Warns on stderr about what would break on Glue (a secret only in an environment variable)."
    })
final class DeployTemplateCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "<pipeline>", description = Pipelines.OPERAND, completionCandidates = Pipelines.BuiltIns.class)
  String pipeline;

  @Option(names = "--out", paramLabel = "FILE", description = "write the template to FILE instead of stdout")
  Path outFile;

  @Option(names = "--strict", description = "refuse a pipeline with warnings (DEPLOYMENT_UNSAFE, exit 2) instead of printing them")
  boolean strict;

  @Override
  public Integer call() {
    String pipelineFile = Pipelines.resolve(pipeline);
    PipelineConfig config = PipelineConfig.load(pipelineFile, new Configuration());
    List<String> warnings = CloudFormationTemplate.deploymentWarnings(config);
    if (strict && !warnings.isEmpty()) {
      throw Errors.deploymentUnsafe(pipelineFile, warnings);
    }
    warnings.forEach(warning -> err().println("warning: " + warning));
    String template = CloudFormationTemplate.yaml(config);
    if (outFile == null) {
      out().print(template);
      return 0;
    }
    try {
      Files.writeString(outFile, template);
    } catch (IOException e) {
      throw Errors.usage("deploy-template: cannot write " + outFile + ": " + e.getMessage());
    }
    out().println("wrote " + outFile);
    return 0;
  }
}

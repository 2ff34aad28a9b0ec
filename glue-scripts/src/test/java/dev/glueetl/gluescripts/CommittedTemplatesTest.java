package dev.glueetl.gluescripts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.JobType;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.workflow.CloudFormationTemplate;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The templates committed under glue-scripts/cloudformation are what ./glue-etl deploy-template generates from the
 * pipelines today, so a changed workflow cannot ship with a stale template. To refresh one:
 * {@code ./glue-etl deploy-template app-events --out glue-scripts/cloudformation/app-events.yaml}.
 */
class CommittedTemplatesTest {
  @ParameterizedTest
  @ValueSource(strings = {"academics", "app-events", "cafe-orders", "cinema", "covid"})
  void theCommittedTemplateIsTheGeneratedOne(String name) throws Exception {
    PipelineConfig pipeline = PipelineConfig.load(ProjectFiles.pipeline(name).toString(), new Configuration());
    assertThat(Files.readString(GlueDeployment.committedTemplate(name)))
        .as("glue-scripts/cloudformation/" + name + ".yaml is stale: ./glue-etl deploy-template " + name + " --out glue-scripts/cloudformation/" + name + ".yaml")
        .isEqualTo(CloudFormationTemplate.yaml(pipeline));
  }

  @ParameterizedTest
  @ValueSource(strings = {"academics", "app-events", "cafe-orders", "cinema", "covid"})
  void everyClassTheTemplateNamesHasItsScript(String name) throws Exception {
    String template = Files.readString(GlueDeployment.committedTemplate(name));
    for (JobType type : JobType.values()) {
      if (template.contains("--class: " + type.scriptObject())) {
        assertThat(GlueDeployment.dir().resolve("scripts").resolve(type.script())).exists();
        assertThat(Files.readString(GlueDeployment.dir().resolve("scripts").resolve(type.script())))
            .contains("object " + type.scriptObject() + " {")
            .contains("= " + type.mainClass() + ".main(sysArgs)");
      }
    }
  }
}

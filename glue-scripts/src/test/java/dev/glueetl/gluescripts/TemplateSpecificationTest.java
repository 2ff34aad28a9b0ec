package dev.glueetl.gluescripts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.testing.CloudFormationStack;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.workflow.CloudFormationTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The templates checked against AWS's CloudFormation resource specification ({@link ResourceSpecification}), not
 * against our own idea of them: as generated (intrinsic functions match any type) and as stacks with the optional
 * parts off and on (KMS key, export connection, alarm topic, Spark UI off), where every value is concrete.
 */
class TemplateSpecificationTest {
  private static final Map<String, String> REQUIRED =
      Map.of(
          "ArtifactBucket", "acme-artifacts", "ArtifactVersion", "0.1.0-a1b2c3d-20261201T030000Z", "LandingBucket", "acme-landing", "LandingPrefix", "in",
          "LakeBucket", "acme-lake", "AWS::StackName", "glue-etl-dev");
  private static final Map<String, String> DATABASE_NETWORK =
      Map.of("DatabaseSubnetId", "subnet-0a1", "DatabaseSecurityGroupId", "sg-0b2", "DatabaseAvailabilityZone", "eu-west-1a");
  private static final Map<String, String> EVERYTHING_ON =
      Map.of(
          "LakeKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          "AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:data-alerts", "EnableSparkUi", "false", "QualityScoreAlarmThreshold", "0.75");
  private static final Map<String, String> EXPORT_NETWORK =
      Map.of("ExportSubnetId", "subnet-0c3", "ExportSecurityGroupId", "sg-0d4", "ExportAvailabilityZone", "eu-west-1b");

  private static ResourceSpecification specification;

  @BeforeAll
  static void loadSpecification() throws Exception {
    specification = ResourceSpecification.load();
  }

  private static Map<String, Object> stack(Map<String, Object> template, Map<String, String> more) {
    Map<String, String> parameters = new HashMap<>(REQUIRED);
    if (GlueDeployment.map(template.get("Parameters")).containsKey("DatabaseSubnetId")) {
      parameters.putAll(DATABASE_NETWORK);
    }
    parameters.putAll(more);
    return CloudFormationStack.resolve(template, parameters);
  }

  @ParameterizedTest
  @ValueSource(strings = {"academics", "app-events", "cafe-orders", "cinema", "covid"})
  void theCommittedTemplatesAndTheirStacksMatchTheSpecification(String name) throws Exception {
    Map<String, Object> template = GlueDeployment.read(Files.readString(GlueDeployment.committedTemplate(name)));

    assertThat(specification.problems(template)).as(name + ".yaml").isEmpty();
    assertThat(specification.problems(stack(template, Map.of()))).as(name + " with defaults").isEmpty();
    Map<String, Object> on = stack(template, EVERYTHING_ON);
    assertThat(specification.problems(on)).as(name + " with KMS, alarm topic, no Spark UI").isEmpty();
    assertThat(GlueDeployment.map(on.get("Resources")).toString()).contains("kms:GenerateDataKey").contains("data-alerts");
  }

  @Test
  void aPipelineWithEveryOptionalPartMatchesTheSpecification(@TempDir Path dir) throws Exception {
    Path file =
        ProjectFiles.pipelineCopy(
            "cinema", dir,
            yaml -> yaml.replace("password_env: CINEMA_CRM_PASSWORD", "password_secret_id: cinema/crm")
                + "export:\n  jdbc:\n    url: jdbc:postgresql://analytics.example.com:5432/analytics\n    user: etl\n    password_secret_id: analytics/etl\n    schema: cinema\n");
    Map<String, Object> template = GlueDeployment.read(CloudFormationTemplate.yaml(PipelineConfig.load(file.toString(), new Configuration())));

    assertThat(specification.problems(template)).isEmpty();
    Map<String, String> all = new LinkedHashMap<>(EVERYTHING_ON);
    all.putAll(EXPORT_NETWORK);
    Map<String, Object> full = stack(template, all);
    assertThat(specification.problems(full)).isEmpty();
    assertThat(specification.problems(stack(template, Map.of()))).isEmpty();
    // every resource type the project deploys was checked here
    TreeSet<String> types = new TreeSet<>();
    GlueDeployment.map(full.get("Resources")).values().forEach(r -> types.add((String) GlueDeployment.map(r).get("Type")));
    assertThat(types)
        .containsExactly("AWS::CloudWatch::Alarm", "AWS::Glue::Connection", "AWS::Glue::Job", "AWS::Glue::Trigger", "AWS::Glue::Workflow", "AWS::IAM::Role");
    assertThat(GlueDeployment.resources(full, "AWS::Glue::Connection").keySet()).containsExactly("DatabaseConnection", "ExportConnection");
  }

  @Test
  void theCheckFindsWhatCloudFormationWouldRefuse() throws Exception {
    Map<String, Object> template = GlueDeployment.read(Files.readString(GlueDeployment.committedTemplate("app-events")));
    Map<String, Object> resources = GlueDeployment.map(template.get("Resources"));
    Map<String, Object> job = GlueDeployment.map(GlueDeployment.map(resources.get("JobAggregate")).get("Properties"));
    job.put("Timeout", "60");                                   // Integer
    job.put("MaxConcurrentRuns", 1);                            // a Workflow property, not a Job's
    job.remove("Command");                                      // required
    GlueDeployment.map(job.get("ExecutionProperty")).put("MaxConcurrentRuns", List.of(1)); // Double
    Map<String, Object> alarm = GlueDeployment.map(GlueDeployment.map(resources.get("AlarmAggregateRunFailed")).get("Properties"));
    Map<String, Object> oneDimension = new LinkedHashMap<>(Map.of("Name", "Job"));
    alarm.put("Dimensions", oneDimension);                     // a list of Dimension
    alarm.put("Namespace", Map.of("Ref", "MetricNamespace"));   // no such parameter
    resources.put("Crawler", Map.of("Type", "AWS::Glue::Crawlr", "Properties", Map.of()));

    assertThat(specification.problems(template))
        .containsExactlyInAnyOrder(
            "Crawler: unknown resource type AWS::Glue::Crawlr",
            "JobAggregate: unknown property MaxConcurrentRuns (known: AllocatedCapacity, Command, Connections, DefaultArguments, Description, ExecutionClass,"
                + " ExecutionProperty, GlueVersion, LogUri, MaxCapacity, MaxRetries, Name, NonOverridableArguments, NotificationProperty, NumberOfWorkers, Role,"
                + " SecurityConfiguration, Tags, Timeout, WorkerType)",
            "JobAggregate: required property Command missing",
            "JobAggregate.ExecutionProperty.MaxConcurrentRuns: expected Double, found " + List.of(1).getClass().getSimpleName() + " [1]",
            "JobAggregate.Timeout: expected Integer, found String 60",
            "AlarmAggregateRunFailed.Dimensions: expected a list, found LinkedHashMap {Name=Job}",
            "/Resources/AlarmAggregateRunFailed/Properties/Namespace: Ref to undefined MetricNamespace");
  }
}

package dev.glueetl.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.JobType;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.WorkflowConfig;
import dev.glueetl.testing.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** The generated template, read back as CloudFormation would read it. */
class CloudFormationTemplateTest {
  private static final Map<String, String> PARAMETERS =
      Map.of(
          "ArtifactBucket", "my-artifacts", "ArtifactPrefix", "glue-etl", "LandingBucket", "my-landing", "LandingPrefix", "incoming",
          "LakeBucket", "my-lake", "LakePrefix", "lake", "AWS::Partition", "aws", "AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012");

  private static PipelineConfig pipeline(Path file) {
    return PipelineConfig.load(file.toString(), new Configuration());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parsed(PipelineConfig pipeline) {
    return (Map<String, Object>) new Yaml().load(CloudFormationTemplate.yaml(pipeline));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  private static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
    Map<String, Map<String, Object>> found = new LinkedHashMap<>();
    map(template.get("Resources")).forEach((id, r) -> {
      if (type.equals(map(r).get("Type"))) {
        found.put(id, map(map(r).get("Properties")));
      }
    });
    return found;
  }

  private static String resolve(Object value) {
    if (value instanceof Map<?, ?> m && m.containsKey("Fn::Sub")) {
      String text = (String) m.get("Fn::Sub");
      for (Map.Entry<String, String> p : PARAMETERS.entrySet()) {
        text = text.replace("${" + p.getKey() + "}", p.getValue());
      }
      assertThat(text).as("every ${...} is a parameter or pseudo parameter").doesNotContain("${");
      return text;
    }
    return String.valueOf(value);
  }

  private static String ref(Object value) {
    return (String) map(value).get("Ref");
  }

  @ParameterizedTest
  @ValueSource(strings = {"app-events", "cafe-orders", "cinema"})
  void everyJobIsAGlue51ScalaJobWhoseArgumentsItsParserAccepts(String name) {
    PipelineConfig pipeline = pipeline(ProjectFiles.pipeline(name));
    Map<String, Map<String, Object>> jobs = resources(parsed(pipeline), "AWS::Glue::Job");

    assertThat(jobs.keySet()).containsExactly("JobPreprocess", "JobQualityTrusted", "JobAggregate", "JobQualityCurated");
    for (WorkflowConfig.Job job : pipeline.workflow().jobs().values()) {
      Map<String, Object> properties = jobs.get(CloudFormationTemplate.jobId(job.name()));
      assertThat(properties.get("Name")).isEqualTo(name + "-" + job.name());
      assertThat(properties.get("GlueVersion")).isEqualTo("5.1");
      assertThat(map(properties.get("Command")).get("Name")).isEqualTo("glueetl");
      assertThat(resolve(map(properties.get("Command")).get("ScriptLocation"))).isEqualTo("s3://my-artifacts/glue-etl/scripts/" + job.type().scriptObject() + ".scala");
      assertThat(properties.get("Timeout")).isEqualTo(job.timeoutMinutes());
      assertThat(properties.get("MaxRetries")).isEqualTo(0);
      assertThat(properties.get("ExecutionProperty")).isEqualTo(Map.of("MaxConcurrentRuns", 1));
      assertThat(ref(properties.get("WorkerType"))).isEqualTo("WorkerType");
      assertThat(ref(properties.get("NumberOfWorkers"))).isEqualTo("NumberOfWorkers");

      Map<String, String> arguments = new LinkedHashMap<>();
      map(properties.get("DefaultArguments")).forEach((key, value) -> arguments.put(key, resolve(value)));
      assertThat(arguments)
          .containsEntry("--job-language", "scala")
          .containsEntry("--class", job.type().scriptObject())
          .containsEntry("--extra-jars", "s3://my-artifacts/glue-etl/jars/" + job.type().jar())
          .containsEntry("--datalake-formats", "delta")
          .containsEntry("--enable-glue-datacatalog", "true")
          .containsEntry("--pipeline", "s3://my-artifacts/glue-etl/pipelines/" + name + ".yaml")
          .containsEntry("--lake", "s3://my-lake/lake");

      // the job's own parser, run on exactly what Glue will pass (plus what Glue adds itself)
      List<String> args = new ArrayList<>();
      arguments.forEach((key, value) -> args.addAll(List.of(key, value)));
      args.addAll(List.of("--JOB_ID", "j_1", "--JOB_RUN_ID", "jr_1", "--JOB_NAME", name + "-" + job.name(), "--WORKFLOW_NAME", name, "--WORKFLOW_RUN_ID", "wr_1", "--TempDir", "s3://tmp/"));
      JobArguments parsed = JobArguments.parse(args.toArray(new String[0]));
      assertThat(parsed.ignored()).as(job.name() + ": arguments the parser does not know").isEmpty();
      assertThat(parsed.pipeline()).isEqualTo("s3://my-artifacts/glue-etl/pipelines/" + name + ".yaml");
      assertThat(parsed.lake()).contains("s3://my-lake/lake");
      assertThat(parsed.input()).isEqualTo(job.type() == JobType.PREPROCESS ? java.util.Optional.of("s3://my-landing/incoming/") : java.util.Optional.empty());
      assertThat(parsed.checkedZone().map(dev.glueetl.lake.Zone::dirName)).isEqualTo(java.util.Optional.ofNullable(job.args().get("--zone")));
      assertThat(parsed.workflowRunId()).contains("wr_1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"app-events", "cafe-orders", "cinema"})
  void triggersFormOneAcyclicGraphFromOneStartThatMatchesTheWorkflow(String name) {
    PipelineConfig pipeline = pipeline(ProjectFiles.pipeline(name));
    Map<String, Object> template = parsed(pipeline);
    Set<String> jobIds = resources(template, "AWS::Glue::Job").keySet();
    Map<String, Map<String, Object>> triggers = resources(template, "AWS::Glue::Trigger");

    assertThat(triggers.values().stream().filter(t -> !t.get("Type").equals("CONDITIONAL")).count()).as("start triggers").isEqualTo(1);
    Map<String, List<String>> next = new HashMap<>();
    for (Map<String, Object> trigger : triggers.values()) {
      assertThat(ref(trigger.get("WorkflowName"))).isEqualTo("Workflow");
      List<String> actions = list(trigger.get("Actions")).stream().map(a -> ref(map(a).get("JobName"))).toList();
      assertThat(jobIds).containsAll(actions);
      if (trigger.get("Type").equals("CONDITIONAL")) {
        for (Object condition : list(map(trigger.get("Predicate")).get("Conditions"))) {
          assertThat(jobIds).contains(ref(map(condition).get("JobName")));
          assertThat(map(condition).get("LogicalOperator")).isEqualTo("EQUALS");
          next.computeIfAbsent(ref(map(condition).get("JobName")), k -> new ArrayList<>()).addAll(actions);
        }
      }
    }
    for (String job : jobIds) {
      Deque<String> todo = new ArrayDeque<>(next.getOrDefault(job, List.of()));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        String reached = todo.pop();
        assertThat(reached).as("a cycle through " + job).isNotEqualTo(job);
        if (seen.add(reached)) {
          todo.addAll(next.getOrDefault(reached, List.of()));
        }
      }
    }

    // the same triggers as the workflow definition
    assertThat(triggers).hasSize(pipeline.workflow().triggers().size());
    for (WorkflowConfig.Trigger expected : pipeline.workflow().triggers()) {
      Map<String, Object> trigger = triggers.get(CloudFormationTemplate.triggerId(expected.name()));
      assertThat(trigger.get("Name")).isEqualTo(name + "-" + expected.name());
      assertThat(trigger.get("Type")).isEqualTo(expected.type().name());
      assertThat(list(trigger.get("Actions")).stream().map(a -> ref(map(a).get("JobName"))).toList())
          .isEqualTo(expected.actions().stream().map(CloudFormationTemplate::jobId).toList());
      if (expected.type() == WorkflowConfig.TriggerType.CONDITIONAL) {
        Map<String, Object> predicate = map(trigger.get("Predicate"));
        assertThat(predicate.get("Logical")).isEqualTo(expected.logical().name());
        assertThat(list(predicate.get("Conditions")).stream().map(c -> ref(map(c).get("JobName")) + " " + map(c).get("State")).toList())
            .isEqualTo(expected.conditions().stream().map(c -> CloudFormationTemplate.jobId(c.job()) + " " + c.state()).toList());
      }
      assertThat(trigger.get("StartOnCreation")).isEqualTo(true);
    }
    assertThat(ref(triggers.get("TriggerStart").get("Schedule"))).isEqualTo("Schedule");
    assertThat(map(map(template.get("Parameters")).get("Schedule")).get("Default")).isEqualTo("cron(0 */2 * * ? *)");
  }

  @Test
  void theRoleReachesOnlyTheArtifactLandingAndLakePrefixes() {
    Map<String, Object> template = parsed(pipeline(ProjectFiles.pipeline("app-events")));
    Map<String, Object> role = resources(template, "AWS::IAM::Role").get("JobRole");
    List<Object> statements = list(map(map(list(role.get("Policies")).get(0)).get("PolicyDocument")).get("Statement"));
    Map<String, List<String>> resourcesBySid = new LinkedHashMap<>();
    for (Object statement : statements) {
      List<String> actions = list(map(statement).get("Action")).stream().map(String::valueOf).toList();
      List<String> resources = list(map(statement).get("Resource")).stream().map(CloudFormationTemplateTest::resolve).toList();
      assertThat(actions).as("no wildcard actions").noneMatch(a -> a.endsWith(":*") || a.equals("*"));
      if (!actions.equals(List.of("cloudwatch:PutMetricData"))) { // the one action without resource-level permissions
        assertThat(resources).as(map(statement).get("Sid") + ": no wildcard resource").doesNotContain("*");
      }
      resourcesBySid.put((String) map(statement).get("Sid"), resources);
    }
    assertThat(resourcesBySid)
        .containsEntry("ReadArtifacts", List.of("arn:aws:s3:::my-artifacts/glue-etl/*"))
        .containsEntry("ReadLanding", List.of("arn:aws:s3:::my-landing/incoming/*"))
        .containsEntry("ReadWriteLake", List.of("arn:aws:s3:::my-lake/lake/*"))
        .containsEntry("ListLake", List.of("arn:aws:s3:::my-lake"))
        .doesNotContainKey("ReadPipelineSecrets");
    assertThat(resourcesBySid.get("GlueCatalog"))
        .contains("arn:aws:glue:eu-west-1:123456789012:database/app_events_*", "arn:aws:glue:eu-west-1:123456789012:table/app_events_*/*");
    Object listLake = statements.stream().filter(s -> map(s).get("Sid").equals("ListLake")).findFirst().orElseThrow();
    assertThat(list(map(map(map(listLake).get("Condition")).get("StringLike")).get("s3:prefix")).stream().map(CloudFormationTemplateTest::resolve))
        .containsExactly("lake", "lake/*");
  }

  @Test
  void theSecretsThePipelineNamesAreReadableAndNoOthers(@TempDir Path dir) throws Exception {
    Path file =
        ProjectFiles.pipelineCopy("cafe-orders", dir, yaml -> yaml.replace("secret_env: CAFE_CUSTOMER_KEY", "secret_id: cafe/customer-key\n    require: true"));
    PipelineConfig pipeline = pipeline(file);
    List<Object> statements =
        list(map(map(list(resources(parsed(pipeline), "AWS::IAM::Role").get("JobRole").get("Policies")).get(0)).get("PolicyDocument")).get("Statement"));
    Object secrets = statements.stream().filter(s -> map(s).get("Sid").equals("ReadPipelineSecrets")).findFirst().orElseThrow();

    assertThat(list(map(secrets).get("Action"))).containsExactly("secretsmanager:GetSecretValue");
    assertThat(list(map(secrets).get("Resource")).stream().map(CloudFormationTemplateTest::resolve))
        .containsExactly("arn:aws:secretsmanager:eu-west-1:123456789012:secret:cafe/customer-key-*");
    assertThat(CloudFormationTemplate.deploymentWarnings(pipeline)).isEmpty();
  }

  @Test
  void aCustomerKeyOnlyFromTheEnvironmentIsFlaggedBecauseGlueJobsHaveNoEnvironment() {
    assertThat(CloudFormationTemplate.deploymentWarnings(pipeline(ProjectFiles.pipeline("cafe-orders"))))
        .containsExactly(
            "orders.customer_key has no secret_id: a Glue job cannot set the environment variable CAFE_CUSTOMER_KEY, so it would hash"
                + " customer names with the development key; set orders.customer_key.secret_id (and require: true) before deploying");
    assertThat(CloudFormationTemplate.deploymentWarnings(pipeline(ProjectFiles.pipeline("app-events")))).isEmpty();
  }

  @Test
  void aPipelineReadingADatabaseRunsItsPreprocessJobThroughANetworkConnectionWithTheSecretsItNames(@TempDir Path dir) throws Exception {
    Path file =
        ProjectFiles.pipelineCopy(
            "cinema", dir, yaml -> yaml.replace("password_env: CINEMA_CRM_PASSWORD", "password_secret_id: cinema/crm"));
    PipelineConfig pipeline = pipeline(file);
    Map<String, Object> template = parsed(pipeline);

    Map<String, Object> connection = resources(template, "AWS::Glue::Connection").get("DatabaseConnection");
    Map<String, Object> input = map(connection.get("ConnectionInput"));
    assertThat(input.get("Name")).isEqualTo("cinema-database");
    assertThat(input.get("ConnectionType")).isEqualTo("NETWORK");
    Map<String, Object> physical = map(input.get("PhysicalConnectionRequirements"));
    assertThat(ref(physical.get("SubnetId"))).isEqualTo("DatabaseSubnetId");
    assertThat(list(physical.get("SecurityGroupIdList")).stream().map(CloudFormationTemplateTest::ref)).containsExactly("DatabaseSecurityGroupId");
    assertThat(map(template.get("Parameters"))).containsKeys("DatabaseSubnetId", "DatabaseSecurityGroupId", "DatabaseAvailabilityZone");

    Map<String, Map<String, Object>> jobs = resources(template, "AWS::Glue::Job");
    assertThat(list(map(jobs.get("JobPreprocess").get("Connections")).get("Connections")).stream().map(CloudFormationTemplateTest::ref))
        .containsExactly("DatabaseConnection");
    assertThat(jobs.get("JobAggregate")).doesNotContainKey("Connections");

    List<Object> statements =
        list(map(map(list(resources(template, "AWS::IAM::Role").get("JobRole").get("Policies")).get(0)).get("PolicyDocument")).get("Statement"));
    Map<String, Object> secrets = map(statements.stream().filter(s -> map(s).get("Sid").equals("ReadPipelineSecrets")).findFirst().orElseThrow());
    assertThat(list(secrets.get("Resource")).stream().map(CloudFormationTemplateTest::resolve))
        .containsExactly("arn:aws:secretsmanager:eu-west-1:123456789012:secret:cinema/crm-*");
    Map<String, Object> useConnection = map(statements.stream().filter(s -> map(s).get("Sid").equals("UseDatabaseConnection")).findFirst().orElseThrow());
    assertThat(list(useConnection.get("Resource")).stream().map(CloudFormationTemplateTest::resolve))
        .contains("arn:aws:glue:eu-west-1:123456789012:connection/cinema-database");
    assertThat(statements.stream().map(s -> map(s).get("Sid"))).contains("DatabaseNetwork");
    assertThat(CloudFormationTemplate.deploymentWarnings(pipeline)).isEmpty();

    // the built-in file names only an environment variable: flagged, as Glue jobs have none
    assertThat(CloudFormationTemplate.deploymentWarnings(pipeline(ProjectFiles.pipeline("cinema"))))
        .contains(
            "source.tables[customers].jdbc has no password_secret_id: a Glue job cannot set the environment variable CINEMA_CRM_PASSWORD, so reading"
                + " customers would fail; set password_secret_id before deploying");
  }

  @Test
  void anOnDemandStartHasNoScheduleAndIsNotStartedOnCreation(@TempDir Path dir) throws Exception {
    Path file =
        ProjectFiles.pipelineCopy(
            "app-events", dir,
            yaml -> yaml.substring(0, yaml.indexOf("\nworkflow:") + 1)
                + "workflow:\n  jobs:\n    preprocess: {type: preprocess}\n    aggregate: {type: aggregate}\n  triggers:\n"
                + "    - {name: manual, type: on_demand, actions: [preprocess]}\n"
                + "    - {name: then, type: conditional, logical: ANY, conditions: [{job: preprocess, state: SUCCEEDED}, {job: preprocess, state: TIMEOUT}], actions: [aggregate]}\n");
    Map<String, Object> template = parsed(pipeline(file));

    assertThat(map(template.get("Parameters"))).doesNotContainKey("Schedule");
    Map<String, Object> manual = resources(template, "AWS::Glue::Trigger").get("TriggerManual");
    assertThat(manual).containsEntry("Type", "ON_DEMAND").doesNotContainKey("StartOnCreation").doesNotContainKey("Schedule");
    assertThat(map(resources(template, "AWS::Glue::Trigger").get("TriggerThen").get("Predicate")))
        .isEqualTo(
            Map.of(
                "Logical", "ANY",
                "Conditions",
                List.of(
                    Map.of("JobName", Map.of("Ref", "JobPreprocess"), "State", "SUCCEEDED", "LogicalOperator", "EQUALS"),
                    Map.of("JobName", Map.of("Ref", "JobPreprocess"), "State", "TIMEOUT", "LogicalOperator", "EQUALS"))));
    assertThat(resources(template, "AWS::Glue::Job").keySet()).containsExactly("JobPreprocess", "JobAggregate");
  }
}

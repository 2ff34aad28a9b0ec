package dev.glueetl.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.JobType;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.WorkflowConfig;
import dev.glueetl.lake.LakeEncryption;
import dev.glueetl.testing.CloudFormationStack;
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

/**
 * The generated template, read back as CloudFormation would read it and resolved for a stack named {@value STACK} with
 * the parameter values below ({@link CloudFormationStack}).
 */
class CloudFormationTemplateTest {
  private static final String STACK = "dev-analytics";
  private static final String VERSION = "0.1.0-a1b2c3d-20261201T030000Z";
  private static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final Map<String, String> PARAMETERS =
      Map.of(
          "ArtifactBucket", "my-artifacts", "ArtifactPrefix", "glue-etl", "ArtifactVersion", VERSION, "LandingBucket", "my-landing", "LandingPrefix", "incoming",
          "LakeBucket", "my-lake", "LakePrefix", "lake", "AWS::StackName", STACK);
  private static final Map<String, String> DATABASE_NETWORK =
      Map.of("DatabaseSubnetId", "subnet-0a1", "DatabaseSecurityGroupId", "sg-0b2", "DatabaseAvailabilityZone", "eu-west-1a");
  private static final String EXPORT =
      "export:\n  jdbc:\n    url: jdbc:postgresql://analytics.xxxx.eu-west-1.rds.amazonaws.com:5432/analytics\n    user: glue_etl\n"
          + "    password_secret_id: analytics/glue-etl\n    schema: app_events\n";

  private static PipelineConfig pipeline(Path file) {
    return PipelineConfig.load(file.toString(), new Configuration());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parsed(PipelineConfig pipeline) {
    return (Map<String, Object>) new Yaml().load(CloudFormationTemplate.yaml(pipeline));
  }

  /** The template of {@code pipeline} as stack {@value STACK} with {@link #PARAMETERS} and {@code more}. */
  private static Map<String, Object> stack(PipelineConfig pipeline, Map<String, String> more) {
    Map<String, String> parameters = new HashMap<>(PARAMETERS);
    parameters.putAll(more);
    if (pipeline.source().readsDatabase()) {
      DATABASE_NETWORK.forEach(parameters::putIfAbsent);
    }
    return CloudFormationStack.resolve(parsed(pipeline), parameters);
  }

  private static Map<String, Object> stack(PipelineConfig pipeline) {
    return stack(pipeline, Map.of());
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

  private static String ref(Object value) {
    return (String) map(value).get("Ref");
  }

  private static List<Map<String, Object>> statements(Map<String, Object> template) {
    return list(map(map(list(resources(template, "AWS::IAM::Role").get("JobRole").get("Policies")).get(0)).get("PolicyDocument")).get("Statement"))
        .stream()
        .map(CloudFormationTemplateTest::map)
        .toList();
  }

  private static Map<String, Object> statement(Map<String, Object> template, String sid) {
    return statements(template).stream().filter(s -> s.get("Sid").equals(sid)).findFirst().orElseThrow(() -> new AssertionError("no statement " + sid));
  }

  private static Map<String, String> arguments(Map<String, Object> job) {
    Map<String, String> arguments = new LinkedHashMap<>();
    map(job.get("DefaultArguments")).forEach((key, value) -> arguments.put(key, (String) value));
    return arguments;
  }

  /** What the job's own parser makes of its DefaultArguments plus what Glue adds. */
  private static JobArguments parse(Map<String, String> arguments, String jobName) {
    List<String> args = new ArrayList<>();
    arguments.forEach((key, value) -> args.addAll(List.of(key, value)));
    args.addAll(List.of("--JOB_ID", "j_1", "--JOB_RUN_ID", "jr_1", "--JOB_NAME", jobName, "--WORKFLOW_NAME", STACK, "--WORKFLOW_RUN_ID", "wr_1", "--TempDir", "s3://tmp/"));
    return JobArguments.parse(args.toArray(new String[0]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app-events", "cafe-orders", "cinema"})
  void everyJobIsAGlue51ScalaJobWhoseArgumentsItsParserAccepts(String name) {
    PipelineConfig pipeline = pipeline(ProjectFiles.pipeline(name));
    Map<String, Map<String, Object>> jobs = resources(stack(pipeline), "AWS::Glue::Job");
    String artifacts = "s3://my-artifacts/glue-etl/" + VERSION + "/";

    assertThat(jobs.keySet()).containsExactly("JobPreprocess", "JobQualityTrusted", "JobAggregate", "JobQualityCurated");
    for (WorkflowConfig.Job job : pipeline.workflow().jobs().values()) {
      Map<String, Object> properties = jobs.get(CloudFormationTemplate.jobId(job.name()));
      assertThat(properties.get("Name")).isEqualTo(STACK + "-" + job.name());
      assertThat(properties.get("GlueVersion")).isEqualTo("5.1");
      assertThat(map(properties.get("Command")).get("Name")).isEqualTo("glueetl");
      assertThat(map(properties.get("Command")).get("ScriptLocation")).isEqualTo(artifacts + "scripts/" + job.type().scriptObject() + ".scala");
      assertThat(properties.get("Timeout")).isEqualTo(job.timeoutMinutes());
      assertThat(properties.get("MaxRetries")).isEqualTo(0);
      assertThat(properties.get("ExecutionProperty")).isEqualTo(Map.of("MaxConcurrentRuns", 1));
      assertThat(properties.get("WorkerType")).isEqualTo("G.1X");
      assertThat(properties.get("NumberOfWorkers")).isEqualTo(2);

      Map<String, String> arguments = arguments(properties);
      assertThat(arguments)
          .containsEntry("--job-language", "scala")
          .containsEntry("--class", job.type().scriptObject())
          .containsEntry("--extra-jars", artifacts + "jars/" + job.type().jar())
          .containsEntry("--datalake-formats", "delta")
          .containsEntry("--enable-glue-datacatalog", "true")
          .containsEntry("--pipeline", artifacts + "pipelines/" + name + ".yaml")
          .containsEntry("--lake", "s3://my-lake/lake")
          .containsEntry("--enable-spark-ui", "true")
          .containsEntry("--spark-event-logs-path", "s3://my-artifacts/glue-etl/spark-event-logs/")
          .containsEntry("--enable-observability-metrics", "true")
          .containsEntry("--cloudwatch-metrics", "true")
          .containsEntry("--cloudwatch-namespace", "GlueEtl")
          .doesNotContainKey("--lake-kms-key")
          .doesNotContainKey("--enable-continuous-cloudwatch-log"); // Glue 5 streams logs anyway

      // the job's own parser, run on exactly what Glue will pass (plus what Glue adds itself)
      JobArguments parsed = parse(arguments, STACK + "-" + job.name());
      assertThat(parsed.ignored()).as(job.name() + ": arguments the parser does not know").isEmpty();
      assertThat(parsed.pipeline()).isEqualTo(artifacts + "pipelines/" + name + ".yaml");
      assertThat(parsed.lake()).contains("s3://my-lake/lake");
      assertThat(parsed.input()).isEqualTo(job.type() == JobType.PREPROCESS ? java.util.Optional.of("s3://my-landing/incoming/") : java.util.Optional.empty());
      assertThat(parsed.checkedZone().map(dev.glueetl.lake.Zone::dirName)).isEqualTo(java.util.Optional.ofNullable(job.args().get("--zone")));
      assertThat(parsed.workflowRunId()).contains("wr_1");
      assertThat(parsed.lakeKmsKey()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"app-events", "cafe-orders", "cinema"})
  void triggersFormOneAcyclicGraphFromOneStartThatMatchesTheWorkflow(String name) {
    PipelineConfig pipeline = pipeline(ProjectFiles.pipeline(name));
    Map<String, Object> template = stack(pipeline);
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
      assertThat(trigger.get("Name")).isEqualTo(STACK + "-" + expected.name());
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
    assertThat(triggers.get("TriggerStart").get("Schedule")).isEqualTo("cron(0 */2 * * ? *)");
    assertThat(map(map(template.get("Parameters")).get("Schedule")).get("Default")).isEqualTo("cron(0 */2 * * ? *)");
    assertThat(resources(template, "AWS::Glue::Workflow").get("Workflow").get("Name")).isEqualTo(STACK);
  }

  @Test
  void theRoleReachesOnlyTheArtifactLandingAndLakePrefixes() {
    Map<String, Object> template = stack(pipeline(ProjectFiles.pipeline("app-events")));
    Map<String, List<String>> resourcesBySid = new LinkedHashMap<>();
    for (Map<String, Object> statement : statements(template)) {
      List<String> actions = list(statement.get("Action")).stream().map(String::valueOf).toList();
      List<String> resources = list(statement.get("Resource")).stream().map(String::valueOf).toList();
      assertThat(actions).as("no wildcard actions").noneMatch(a -> a.endsWith(":*") || a.equals("*"));
      if (!actions.equals(List.of("cloudwatch:PutMetricData"))) { // the one action without resource-level permissions
        assertThat(resources).as(statement.get("Sid") + ": no wildcard resource").doesNotContain("*");
      }
      resourcesBySid.put((String) statement.get("Sid"), resources);
    }
    assertThat(resourcesBySid)
        .containsEntry("ReadArtifacts", List.of("arn:aws:s3:::my-artifacts/glue-etl/*"))
        .containsEntry("WriteSparkEventLogs", List.of("arn:aws:s3:::my-artifacts/glue-etl/spark-event-logs/*"))
        .containsEntry("ReadLanding", List.of("arn:aws:s3:::my-landing/incoming/*"))
        .containsEntry("ReadWriteLake", List.of("arn:aws:s3:::my-lake/lake/*"))
        .containsEntry("ListLake", List.of("arn:aws:s3:::my-lake"))
        .doesNotContainKey("ReadPipelineSecrets")
        .doesNotContainKey("LakeKmsKey");
    assertThat(resourcesBySid.get("GlueCatalog"))
        .contains("arn:aws:glue:eu-west-1:123456789012:database/app_events_*", "arn:aws:glue:eu-west-1:123456789012:table/app_events_*/*");
    // re-pointing a catalog table at a new location drops and creates it
    assertThat(list(statement(template, "GlueCatalog").get("Action"))).contains("glue:DeleteTable", "glue:CreateTable", "glue:UpdateTable");
    assertThat(list(map(map(statement(template, "ListLake").get("Condition")).get("StringLike")).get("s3:prefix"))).containsExactly("lake", "lake/*");
    // metrics only into the stack's namespace and Glue's own (job and observability metrics)
    assertThat(statement(template, "Metrics").get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("cloudwatch:namespace", List.of("GlueEtl", "Glue"))));
    assertThat(map(map(stack(pipeline(ProjectFiles.pipeline("app-events")), Map.of("MetricsNamespace", "GlueEtl/dev")).get("Resources")).get("JobRole")).toString())
        .contains("cloudwatch:namespace=[GlueEtl/dev, Glue]");
  }

  @Test
  void aLakeKmsKeyIsUsableByTheRoleAndEveryJobWritesTheLakeWithIt() {
    PipelineConfig pipeline = pipeline(ProjectFiles.pipeline("app-events"));
    Map<String, Object> template = stack(pipeline, Map.of("LakeKmsKeyArn", KMS_KEY));

    Map<String, Object> kms = statement(template, "LakeKmsKey");
    assertThat(list(kms.get("Action"))).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
    assertThat(list(kms.get("Resource"))).containsExactly(KMS_KEY);
    for (Map.Entry<String, Map<String, Object>> job : resources(template, "AWS::Glue::Job").entrySet()) {
      Map<String, String> arguments = arguments(job.getValue());
      assertThat(arguments).as(job.getKey()).containsEntry("--lake-kms-key", KMS_KEY);
      JobArguments parsed = parse(arguments, (String) job.getValue().get("Name"));
      // what the job then sets in Hadoop before touching the lake
      assertThat(LakeEncryption.settings(parsed.lakeKmsKey(), parsed.lake().orElseThrow()))
          .containsEntry("fs.s3a.bucket.my-lake.encryption.algorithm", "SSE-KMS")
          .containsEntry("fs.s3a.bucket.my-lake.encryption.key", KMS_KEY);
    }
    // the parameter refuses what IAM could not grant (an alias) and what S3A could not use
    String pattern = (String) map(map(parsed(pipeline).get("Parameters")).get("LakeKmsKeyArn")).get("AllowedPattern");
    assertThat("").matches(pattern);
    assertThat(KMS_KEY).matches(pattern);
    assertThat("arn:aws:kms:eu-west-1:123456789012:alias/lake").doesNotMatch(pattern);
  }

  @Test
  void theSparkUiParameterSwitchesUiAndEventLogsTogether() {
    Map<String, Object> off = stack(pipeline(ProjectFiles.pipeline("cafe-orders")), Map.of("EnableSparkUi", "false", "EnableObservabilityMetrics", "false"));
    for (Map<String, Object> job : resources(off, "AWS::Glue::Job").values()) {
      assertThat(arguments(job))
          .containsEntry("--enable-spark-ui", "false")
          .containsEntry("--enable-observability-metrics", "false")
          .doesNotContainKey("--spark-event-logs-path");
    }
  }

  @Test
  void twoStacksOfOnePipelineNameEveryResourceApart(@TempDir Path dir) throws Exception {
    PipelineConfig pipeline = pipeline(ProjectFiles.pipelineCopy("cinema", dir, yaml -> yaml + EXPORT));
    Map<String, String> export = Map.of("ExportSubnetId", "subnet-9", "ExportSecurityGroupId", "sg-9", "ExportAvailabilityZone", "eu-west-1b");
    Map<String, String> dev = new HashMap<>(export);
    dev.put("AWS::StackName", "cinema-dev");
    Map<String, String> prod = new HashMap<>(export);
    prod.put("AWS::StackName", "cinema-prod");

    List<String> devNames = names(stack(pipeline, dev));
    List<String> prodNames = names(stack(pipeline, prod));

    // 4 jobs, the workflow, 4 triggers, 2 connections, 3 failed-run alarms and one per ruleset
    assertThat(devNames).hasSize(4 + 1 + 4 + 2 + 3 + pipeline.quality().size()).doesNotHaveDuplicates().allMatch(n -> n.startsWith("cinema-dev"));
    assertThat(prodNames).hasSize(devNames.size()).allMatch(n -> n.startsWith("cinema-prod"));
    assertThat(devNames).contains("cinema-dev", "cinema-dev-preprocess", "cinema-dev-start", "cinema-dev-database", "cinema-dev-export", "cinema-dev-aggregate-run-failed");
  }

  /** The account-wide names of a stack's resources: Glue jobs, triggers, workflow and connections, alarms. */
  private static List<String> names(Map<String, Object> template) {
    List<String> names = new ArrayList<>();
    map(template.get("Resources")).values().forEach(resource -> {
      Map<String, Object> properties = map(map(resource).get("Properties"));
      Object name = properties.containsKey("ConnectionInput") ? map(properties.get("ConnectionInput")).get("Name") : properties.getOrDefault("Name", properties.get("AlarmName"));
      if (name != null) {
        names.add((String) name);
      }
    });
    return names;
  }

  @Test
  void anExportToADatabaseInAVpcGoesThroughAConnectionOnlyWhenItsSubnetIsGiven(@TempDir Path dir) throws Exception {
    PipelineConfig pipeline = pipeline(ProjectFiles.pipelineCopy("app-events", dir, yaml -> yaml + EXPORT));

    Map<String, Object> without = stack(pipeline);
    assertThat(resources(without, "AWS::Glue::Connection")).isEmpty();
    assertThat(resources(without, "AWS::Glue::Job").get("JobAggregate")).doesNotContainKey("Connections");
    assertThat(statements(without).stream().map(s -> s.get("Sid"))).doesNotContain("UseExportConnection", "ExportNetwork").contains("ReadPipelineSecrets");

    Map<String, Object> with = stack(pipeline, Map.of("ExportSubnetId", "subnet-0c3", "ExportSecurityGroupId", "sg-0d4", "ExportAvailabilityZone", "eu-west-1b"));
    Map<String, Object> input = map(resources(with, "AWS::Glue::Connection").get("ExportConnection").get("ConnectionInput"));
    assertThat(input.get("Name")).isEqualTo(STACK + "-export");
    assertThat(input.get("ConnectionType")).isEqualTo("NETWORK");
    assertThat(input.get("PhysicalConnectionRequirements"))
        .isEqualTo(Map.of("SubnetId", "subnet-0c3", "SecurityGroupIdList", List.of("sg-0d4"), "AvailabilityZone", "eu-west-1b"));
    Map<String, Map<String, Object>> jobs = resources(with, "AWS::Glue::Job");
    assertThat(list(map(jobs.get("JobAggregate").get("Connections")).get("Connections")).stream().map(CloudFormationTemplateTest::ref)).containsExactly("ExportConnection");
    assertThat(jobs.get("JobPreprocess")).doesNotContainKey("Connections");
    assertThat(list(statement(with, "UseExportConnection").get("Resource"))).contains("arn:aws:glue:eu-west-1:123456789012:connection/" + STACK + "-export");
    assertThat(list(statement(with, "ExportNetwork").get("Action"))).contains("ec2:CreateNetworkInterface", "ec2:DescribeSubnets");
  }

  @Test
  void everyJobTypeAlarmsOnAFailedRunAndEveryRulesetOnAScoreBelowTheThreshold() {
    PipelineConfig pipeline = pipeline(ProjectFiles.pipeline("app-events"));
    Map<String, Map<String, Object>> alarms = resources(stack(pipeline), "AWS::CloudWatch::Alarm");

    assertThat(alarms.keySet())
        .containsExactly(
            "AlarmPreprocessRunFailed", "AlarmQualityRunFailed", "AlarmAggregateRunFailed",
            "AlarmQualityTrustedEvents", "AlarmQualityTrustedSessions", "AlarmQualityCurated", "AlarmQualityCuratedSessions");
    Map<String, Object> failed = alarms.get("AlarmAggregateRunFailed");
    assertThat(failed)
        .containsEntry("AlarmName", STACK + "-aggregate-run-failed")
        .containsEntry("Namespace", "GlueEtl")
        .containsEntry("MetricName", "RunFailed")
        .containsEntry("Dimensions", List.of(Map.of("Name", "Pipeline", "Value", "app-events"), Map.of("Name", "Job", "Value", "aggregate")))
        .containsEntry("Statistic", "Sum")
        .containsEntry("Threshold", 1)
        .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
        .containsEntry("Period", 300)
        .containsEntry("EvaluationPeriods", 1)
        .containsEntry("TreatMissingData", "notBreaching")
        .doesNotContainKey("AlarmActions");
    Map<String, Object> score = alarms.get("AlarmQualityTrustedSessions");
    assertThat(score)
        .containsEntry("AlarmName", STACK + "-quality-score-trusted-sessions")
        .containsEntry("MetricName", "QualityScore")
        .containsEntry(
            "Dimensions",
            List.of(Map.of("Name", "Pipeline", "Value", "app-events"), Map.of("Name", "Job", "Value", "quality"), Map.of("Name", "Ruleset", "Value", "trusted-sessions")))
        .containsEntry("Statistic", "Minimum")
        .containsEntry("Threshold", 1.0)
        .containsEntry("ComparisonOperator", "LessThanThreshold");

    Map<String, Map<String, Object>> notified =
        resources(stack(pipeline, Map.of("AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:data-alerts", "QualityScoreAlarmThreshold", "0.9")), "AWS::CloudWatch::Alarm");
    assertThat(notified.values()).allSatisfy(alarm -> assertThat(alarm).containsEntry("AlarmActions", List.of("arn:aws:sns:eu-west-1:123456789012:data-alerts")));
    assertThat(notified.get("AlarmQualityCurated")).containsEntry("Threshold", 0.9);
  }

  @Test
  void theSecretsThePipelineNamesAreReadableAndNoOthers(@TempDir Path dir) throws Exception {
    Path file =
        ProjectFiles.pipelineCopy("cafe-orders", dir, yaml -> yaml.replace("secret_env: CAFE_CUSTOMER_KEY", "secret_id: cafe/customer-key\n    require: true"));
    PipelineConfig pipeline = pipeline(file);
    Map<String, Object> secrets = statement(stack(pipeline), "ReadPipelineSecrets");

    assertThat(list(secrets.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
    assertThat(list(secrets.get("Resource")))
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
    Map<String, Object> template = stack(pipeline);

    Map<String, Object> connection = resources(template, "AWS::Glue::Connection").get("DatabaseConnection");
    Map<String, Object> input = map(connection.get("ConnectionInput"));
    assertThat(input.get("Name")).isEqualTo(STACK + "-database");
    assertThat(input.get("ConnectionType")).isEqualTo("NETWORK");
    assertThat(input.get("PhysicalConnectionRequirements"))
        .isEqualTo(Map.of("SubnetId", "subnet-0a1", "SecurityGroupIdList", List.of("sg-0b2"), "AvailabilityZone", "eu-west-1a"));
    assertThat(map(parsed(pipeline).get("Parameters"))).containsKeys("DatabaseSubnetId", "DatabaseSecurityGroupId", "DatabaseAvailabilityZone");

    Map<String, Map<String, Object>> jobs = resources(template, "AWS::Glue::Job");
    assertThat(list(map(jobs.get("JobPreprocess").get("Connections")).get("Connections")).stream().map(CloudFormationTemplateTest::ref))
        .containsExactly("DatabaseConnection");
    assertThat(jobs.get("JobAggregate")).doesNotContainKey("Connections");

    assertThat(list(statement(template, "ReadPipelineSecrets").get("Resource"))).containsExactly("arn:aws:secretsmanager:eu-west-1:123456789012:secret:cinema/crm-*");
    assertThat(list(statement(template, "UseDatabaseConnection").get("Resource"))).contains("arn:aws:glue:eu-west-1:123456789012:connection/" + STACK + "-database");
    assertThat(statements(template).stream().map(s -> s.get("Sid"))).contains("DatabaseNetwork");
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
    Map<String, Object> template = stack(pipeline(file));

    assertThat(map(parsed(pipeline(file)).get("Parameters"))).doesNotContainKey("Schedule");
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

package dev.glueetl.gluescripts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.CloudFormationStack;
import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** glue-scripts/deploy.sh --dry-run: every command it would run, in order, with nothing run; and its --help. */
class DeployScriptTest {
  private static final String ROOT = ProjectFiles.root().toString();
  private static final String VERSION = "0.1.0-a1b2c3d-20261201T030000Z";
  private static final List<String> REQUIRED = List.of("--landing", "s3://l-1/in", "--lake", "s3://k-1/lake");

  private record Result(int code, String stdout, String stderr) {
    /** The {@code Key=Value} pairs of the {@code aws cloudformation deploy} line. */
    Map<String, String> parameters() {
      String deploy = stdout.lines().filter(l -> l.startsWith("+ aws cloudformation deploy ")).findFirst().orElseThrow();
      Map<String, String> parameters = new LinkedHashMap<>();
      // Key=Value, or 'Key=Value' when the value holds a space
      Matcher m = Pattern.compile(" (?:'([A-Za-z]+)=([^']*)'|([A-Za-z]+)=(\\S*))").matcher(deploy.substring(deploy.indexOf("--parameter-overrides")));
      while (m.find()) {
        parameters.put(m.group(1) != null ? m.group(1) : m.group(3), m.group(1) != null ? m.group(2) : m.group(4));
      }
      return parameters;
    }
  }

  private static Result deploy(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", ROOT + "/glue-scripts/deploy.sh"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** {@code pipelineAndMore}'s pipeline, then {@code required}, then the rest: the pipeline comes first. */
  private static String[] args(List<String> required, String... pipelineAndMore) {
    List<String> all = new ArrayList<>(List.of(pipelineAndMore[0]));
    all.addAll(required);
    all.addAll(List.of(pipelineAndMore).subList(1, pipelineAndMore.length));
    return all.toArray(new String[0]);
  }

  @Test
  void dryRunPrintsTheBuildTheTemplateTheVersionedUploadsAndTheStackDeployment() throws Exception {
    Result result =
        deploy("app-events", "--bucket", "acme-glue-artifacts", "--landing", "s3://acme-landing/app-events/", "--lake", "s3://acme-lake/analytics",
            "--region", "eu-west-1", "--schedule", "cron(0 6 * * ? *)", "--artifact-version", VERSION, "--dry-run");

    assertThat(result.code()).as(result.stderr()).isZero();
    assertThat(result.stderr()).isEmpty();
    String artifacts = "s3://acme-glue-artifacts/glue-etl/" + VERSION;
    assertThat(result.stdout())
        .isEqualTo(
            String.join(
                "\n",
                "+ mvn -B -q -f " + ROOT + "/pom.xml -DskipTests package -pl jobs/preprocess,jobs/aggregate,jobs/quality,jobs/local -am",
                "+ mkdir -p " + ROOT + "/glue-scripts/target/deploy",
                "+ " + ROOT + "/glue-etl deploy-template " + ROOT + "/pipelines/app-events.yaml --strict --out " + ROOT + "/glue-scripts/target/deploy/app-events.cfn.yaml",
                "+ aws s3 cp " + ROOT + "/jobs/preprocess/target/glue-etl-preprocess.jar " + artifacts + "/jars/glue-etl-preprocess.jar --region eu-west-1",
                "+ aws s3 cp " + ROOT + "/jobs/aggregate/target/glue-etl-aggregate.jar " + artifacts + "/jars/glue-etl-aggregate.jar --region eu-west-1",
                "+ aws s3 cp " + ROOT + "/jobs/quality/target/glue-etl-quality.jar " + artifacts + "/jars/glue-etl-quality.jar --region eu-west-1",
                "+ aws s3 sync " + ROOT + "/glue-scripts/scripts " + artifacts + "/scripts --exclude '*' --include '*.scala' --region eu-west-1",
                "+ aws s3 sync " + ROOT + "/pipelines " + artifacts + "/pipelines --exclude '*' --include '*.yaml' --include '*.sql' --include '*.dqdl' --region eu-west-1",
                "+ aws cloudformation deploy --stack-name glue-etl-app-events --template-file " + ROOT + "/glue-scripts/target/deploy/app-events.cfn.yaml"
                    + " --s3-bucket acme-glue-artifacts --s3-prefix glue-etl/" + VERSION + "/templates"
                    + " --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides ArtifactBucket=acme-glue-artifacts ArtifactPrefix=glue-etl"
                    + " ArtifactVersion=" + VERSION + " LandingBucket=acme-landing LandingPrefix=app-events LakeBucket=acme-lake LakePrefix=analytics LakeKmsKeyArn="
                    + " WorkerType=G.1X NumberOfWorkers=2 EnableSparkUi=true EnableObservabilityMetrics=true MetricsNamespace=GlueEtl"
                    + " QualityScoreAlarmThreshold=1.0 AlarmTopicArn= 'Schedule=cron(0 6 * * ? *)' --region eu-west-1",
                ""));
  }

  @Test
  void everyArtifactTheStackNamesIsOneTheScriptUploadsUnderTheComputedVersion() throws Exception {
    Result result = deploy(args(REQUIRED, "app-events", "--bucket", "b-1", "--prefix", "team/etl", "--skip-build", "--dry-run"));
    assertThat(result.code()).as(result.stderr()).isZero();
    Map<String, String> parameters = result.parameters();

    // <project version>-<git short sha>[-dirty]-<UTC time>
    String version = parameters.get("ArtifactVersion");
    assertThat(version).matches("0\\.1\\.0-SNAPSHOT-[0-9a-f]{7}(-dirty)?-20\\d{6}T\\d{6}Z");
    assertThat(result.stdout()).doesNotContain("mvn ").contains(" --s3-bucket b-1 --s3-prefix team/etl/" + version + "/templates ");

    // what the uploads put where: s3 key -> local file
    Map<String, Path> uploaded = new LinkedHashMap<>();
    for (String line : result.stdout().lines().toList()) {
      String[] words = line.split(" ");
      if (line.startsWith("+ aws s3 cp ")) {
        uploaded.put(words[5], Path.of(words[4]));
      } else if (line.startsWith("+ aws s3 sync ")) {
        Path from = Path.of(words[4]);
        try (Stream<Path> files = Files.walk(from)) {
          files.filter(Files::isRegularFile)
              .filter(f -> f.toString().matches(".*\\.(scala|yaml|sql|dqdl)"))
              .forEach(f -> uploaded.put(words[5] + "/" + from.relativize(f).toString().replace('\\', '/'), f));
        }
      }
    }
    assertThat(uploaded.keySet()).allMatch(key -> key.startsWith("s3://b-1/team/etl/" + version + "/"));

    // the committed template as this stack: each S3 location a job reads is an uploaded key
    Map<String, String> stackParameters = new LinkedHashMap<>(parameters);
    stackParameters.put("AWS::StackName", "glue-etl-app-events");
    Map<String, Object> stack = CloudFormationStack.resolve(GlueDeployment.read(Files.readString(GlueDeployment.committedTemplate("app-events"))), stackParameters);
    Set<String> read = new LinkedHashSet<>();
    for (Map<String, Object> job : GlueDeployment.resources(stack, "AWS::Glue::Job").values()) {
      read.add((String) GlueDeployment.map(job.get("Command")).get("ScriptLocation"));
      read.add((String) GlueDeployment.map(job.get("DefaultArguments")).get("--extra-jars"));
      read.add((String) GlueDeployment.map(job.get("DefaultArguments")).get("--pipeline"));
    }
    assertThat(read).hasSize(3 + 3 + 1);
    assertThat(uploaded.keySet()).containsAll(read);
    // the rulesets and metric SQL the pipeline names travel with it
    assertThat(uploaded).containsKey("s3://b-1/team/etl/" + version + "/pipelines/quality/app-events/curated.dqdl");
  }

  @Test
  void kmsExportNetworkAndObservabilityOptionsBecomeStackParameters(@TempDir Path dir) throws Exception {
    Path pipeline =
        ProjectFiles.pipelineCopy(
            "app-events", dir,
            yaml -> yaml + "export:\n  jdbc:\n    url: jdbc:postgresql://db.example.com:5432/analytics\n    user: etl\n    password_secret_id: analytics/etl\n    schema: s\n");
    String key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    Result result =
        deploy(args(REQUIRED, pipeline.toString(), "--bucket", "b-1", "--stack-name", "app-events-prod", "--artifact-version", VERSION, "--kms-key", key,
            "--export-subnet", "subnet-0c3", "--export-security-group", "sg-0d4", "--export-availability-zone", "eu-west-1b", "--no-spark-ui",
            "--no-observability-metrics", "--metrics-namespace", "GlueEtl/prod", "--alarm-topic", "arn:aws:sns:eu-west-1:123456789012:data-alerts",
            "--quality-threshold", "0.9", "--skip-build", "--dry-run"));

    assertThat(result.code()).as(result.stderr()).isZero();
    assertThat(result.parameters())
        .containsEntry("LakeKmsKeyArn", key)
        .containsEntry("ExportSubnetId", "subnet-0c3")
        .containsEntry("ExportSecurityGroupId", "sg-0d4")
        .containsEntry("ExportAvailabilityZone", "eu-west-1b")
        .containsEntry("EnableSparkUi", "false")
        .containsEntry("EnableObservabilityMetrics", "false")
        .containsEntry("MetricsNamespace", "GlueEtl/prod")
        .containsEntry("AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:data-alerts")
        .containsEntry("QualityScoreAlarmThreshold", "0.9");
    assertThat(result.stdout()).contains("+ aws cloudformation deploy --stack-name app-events-prod ");

    // a pipeline with export.jdbc but no network options: the empty parameters mean "no connection"
    Result plain = deploy(args(REQUIRED, pipeline.toString(), "--bucket", "b-1", "--artifact-version", VERSION, "--skip-build", "--dry-run"));
    assertThat(plain.parameters()).containsEntry("ExportSubnetId", "").containsEntry("ExportSecurityGroupId", "").containsEntry("ExportAvailabilityZone", "");
  }

  @Test
  void rollingBackRedeploysAnEarlierVersionWithoutUploading() throws Exception {
    Result result = deploy(args(REQUIRED, "app-events", "--bucket", "b-1", "--artifact-version", "0.1.0-0ff1ce0-20261130T120000Z", "--skip-upload", "--dry-run"));

    assertThat(result.code()).as(result.stderr()).isZero();
    assertThat(result.stdout()).doesNotContain("mvn ").doesNotContain("aws s3 ").contains(" deploy-template ");
    assertThat(result.parameters()).containsEntry("ArtifactVersion", "0.1.0-0ff1ce0-20261130T120000Z");

    Result noVersion = deploy(args(REQUIRED, "app-events", "--bucket", "b-1", "--skip-upload", "--dry-run"));
    assertThat(noVersion.code()).isEqualTo(2);
    assertThat(noVersion.stderr()).isEqualTo("deploy.sh: --skip-upload needs --artifact-version: the version whose artifacts are already in S3\n");
  }

  @Test
  void helpPrintsTheUsageOfEveryOptionAndExitsZero() throws Exception {
    for (String help : List.of("--help", "-h")) {
      Result result = deploy(help);
      assertThat(result.code()).as(help).isZero();
      assertThat(result.stderr()).isEmpty();
      assertThat(result.stdout()).startsWith("usage: glue-scripts/deploy.sh <pipeline> --bucket BUCKET");
    }
    // every option the script parses is in its usage and in docs/deploy.md
    String script = Files.readString(Path.of(ROOT, "glue-scripts/deploy.sh"));
    Set<String> options = new LinkedHashSet<>();
    Matcher option = Pattern.compile("(?m)^    (--[a-z-]+)(\\|[-a-z]+)?\\)").matcher(script);
    while (option.find()) {
      options.add(option.group(1));
    }
    assertThat(options).hasSizeGreaterThan(20).contains("--kms-key", "--export-subnet", "--artifact-version", "--no-spark-ui", "--metrics-namespace", "--alarm-topic");
    String usage = deploy("--help").stdout();
    String docs = Files.readString(Path.of(ROOT, "docs/deploy.md"));
    for (String name : options) {
      assertThat(usage).as("usage mentions " + name).contains(name);
      assertThat(docs).as("docs/deploy.md mentions " + name).contains("`" + name);
    }
  }

  @Test
  void badArgumentsAreOneLineErrorsWithExitTwo() throws Exception {
    Result noPrefix = deploy("app-events", "--bucket", "b-1", "--landing", "s3://landing-bucket", "--lake", "s3://k-1/lake", "--dry-run");
    assertThat(noPrefix.code()).isEqualTo(2);
    assertThat(noPrefix.stderr()).isEqualTo("deploy.sh: --landing 's3://landing-bucket' must look like s3://BUCKET/PREFIX (a prefix, not a whole bucket)\n");

    Result unknown = deploy("app-evnets", "--bucket", "b-1", "--dry-run");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.stderr()).isEqualTo("deploy.sh: no pipeline 'app-evnets': give a built-in name (academics,app-events,cafe-orders,cinema,covid) or a YAML path\n");

    Result optionFirst = deploy("--bucket", "b-1", "app-events");
    assertThat(optionFirst.code()).isEqualTo(2);
    assertThat(optionFirst.stderr()).isEqualTo("deploy.sh: the first argument is the pipeline (a built-in name or a YAML path), not '--bucket' (see --help)\n");

    Result uri = deploy("app-events", "--bucket", "s3://b-1", "--landing", "s3://l-1/in", "--lake", "s3://k-1/lake", "--dry-run");
    assertThat(uri.code()).isEqualTo(2);
    assertThat(uri.stderr()).contains("--bucket 's3://b-1' is not an S3 bucket name");

    Result missing = deploy("app-events", "--bucket", "b-1", "--lake", "s3://k-1/lake", "--dry-run");
    assertThat(missing.stderr()).isEqualTo("deploy.sh: --landing is required: s3://BUCKET/PREFIX\n");

    Result alias = deploy(args(REQUIRED, "app-events", "--bucket", "b-1", "--kms-key", "alias/lake", "--dry-run"));
    assertThat(alias.code()).isEqualTo(2);
    assertThat(alias.stderr()).startsWith("deploy.sh: --kms-key 'alias/lake' must be the ARN of a KMS key");

    Result noExport = deploy(args(REQUIRED, "app-events", "--bucket", "b-1", "--export-subnet", "subnet-1", "--dry-run"));
    assertThat(noExport.code()).isEqualTo(2);
    assertThat(noExport.stderr()).startsWith("deploy.sh: app-events has no export.jdbc:");

    Result threshold = deploy(args(REQUIRED, "app-events", "--bucket", "b-1", "--quality-threshold", "95", "--dry-run"));
    assertThat(threshold.stderr()).isEqualTo("deploy.sh: --quality-threshold '95' must be a number from 0 to 1\n");
  }

  @Test
  void aPipelineThatReadsADatabaseIsDeployedIntoTheSubnetGivenAndRefusedWithoutOne() throws Exception {
    Result without = deploy("cinema", "--bucket", "b-1", "--landing", "s3://l-1/pos", "--lake", "s3://k-1/lake", "--skip-build", "--dry-run");
    assertThat(without.code()).isEqualTo(2);
    assertThat(without.stderr()).endsWith("deploy.sh: cinema reads a database: give --db-subnet, --db-security-group and --db-availability-zone (see docs/deploy.md)\n");

    Result with =
        deploy("cinema", "--bucket", "b-1", "--landing", "s3://l-1/pos", "--lake", "s3://k-1/lake", "--db-subnet", "subnet-0a1", "--db-security-group", "sg-0b2",
            "--db-availability-zone", "eu-west-1a", "--skip-build", "--dry-run");
    assertThat(with.code()).as(with.stderr()).isZero();
    assertThat(with.parameters())
        .containsEntry("DatabaseSubnetId", "subnet-0a1")
        .containsEntry("DatabaseSecurityGroupId", "sg-0b2")
        .containsEntry("DatabaseAvailabilityZone", "eu-west-1a")
        .doesNotContainKey("ExportSubnetId");
  }
}

package dev.glueetl.gluescripts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** glue-scripts/deploy.sh --dry-run: every command it would run, in order, with nothing run. */
class DeployScriptTest {
  private static final String ROOT = ProjectFiles.root().toString();

  private record Result(int code, String stdout, String stderr) {}

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

  @Test
  void dryRunPrintsTheBuildTheTemplateTheUploadsAndTheStackDeployment() throws Exception {
    Result result =
        deploy("app-events", "--bucket", "acme-glue-artifacts", "--landing", "s3://acme-landing/app-events/", "--lake", "s3://acme-lake/analytics",
            "--region", "eu-west-1", "--schedule", "cron(0 6 * * ? *)", "--dry-run");

    assertThat(result.code()).as(result.stderr()).isZero();
    assertThat(result.stderr()).isEmpty();
    assertThat(result.stdout())
        .isEqualTo(
            String.join(
                "\n",
                "+ mvn -B -q -f " + ROOT + "/pom.xml -DskipTests package -pl jobs/preprocess,jobs/aggregate,jobs/quality,jobs/local -am",
                "+ mkdir -p " + ROOT + "/glue-scripts/target/deploy",
                "+ " + ROOT + "/glue-etl deploy-template " + ROOT + "/pipelines/app-events.yaml --strict --out " + ROOT + "/glue-scripts/target/deploy/app-events.cfn.yaml",
                "+ aws s3 cp " + ROOT + "/jobs/preprocess/target/glue-etl-preprocess.jar s3://acme-glue-artifacts/glue-etl/jars/glue-etl-preprocess.jar --region eu-west-1",
                "+ aws s3 cp " + ROOT + "/jobs/aggregate/target/glue-etl-aggregate.jar s3://acme-glue-artifacts/glue-etl/jars/glue-etl-aggregate.jar --region eu-west-1",
                "+ aws s3 cp " + ROOT + "/jobs/quality/target/glue-etl-quality.jar s3://acme-glue-artifacts/glue-etl/jars/glue-etl-quality.jar --region eu-west-1",
                "+ aws s3 sync " + ROOT + "/glue-scripts/scripts s3://acme-glue-artifacts/glue-etl/scripts --exclude '*' --include '*.scala' --region eu-west-1",
                "+ aws s3 sync " + ROOT + "/pipelines s3://acme-glue-artifacts/glue-etl/pipelines --exclude '*' --include '*.yaml' --include '*.sql' --include '*.dqdl' --region eu-west-1",
                "+ aws cloudformation deploy --stack-name glue-etl-app-events --template-file " + ROOT + "/glue-scripts/target/deploy/app-events.cfn.yaml"
                    + " --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides ArtifactBucket=acme-glue-artifacts ArtifactPrefix=glue-etl"
                    + " LandingBucket=acme-landing LandingPrefix=app-events LakeBucket=acme-lake LakePrefix=analytics WorkerType=G.1X NumberOfWorkers=2"
                    + " 'Schedule=cron(0 6 * * ? *)' --region eu-west-1",
                ""));
  }

  @Test
  void theUploadedKeysAreTheOnesTheTemplateNames() throws Exception {
    String template = java.nio.file.Files.readString(GlueDeployment.committedTemplate("app-events"));
    Result result = deploy("app-events", "--bucket", "b-1", "--prefix", "team/etl", "--landing", "s3://l-1/in", "--lake", "s3://k-1/lake", "--skip-build", "--dry-run");

    assertThat(result.stdout()).doesNotContain("mvn ").contains("s3://b-1/team/etl/jars/glue-etl-quality.jar").contains("ArtifactPrefix=team/etl");
    for (String key : List.of("jars/glue-etl-preprocess.jar", "jars/glue-etl-aggregate.jar", "jars/glue-etl-quality.jar", "scripts/GlueEtlPreprocess.scala", "pipelines/app-events.yaml")) {
      assertThat(template).contains("s3://${ArtifactBucket}/${ArtifactPrefix}/" + key);
    }
    assertThat(result.stdout()).contains(" s3://b-1/team/etl/scripts ").contains(" s3://b-1/team/etl/pipelines ");
  }

  @Test
  void badArgumentsAreOneLineErrorsWithExitTwo() throws Exception {
    Result noPrefix = deploy("app-events", "--bucket", "b-1", "--landing", "s3://landing-bucket", "--lake", "s3://k-1/lake", "--dry-run");
    assertThat(noPrefix.code()).isEqualTo(2);
    assertThat(noPrefix.stderr()).isEqualTo("deploy.sh: --landing 's3://landing-bucket' must look like s3://BUCKET/PREFIX (a prefix, not a whole bucket)\n");

    Result unknown = deploy("app-evnets", "--bucket", "b-1", "--dry-run");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.stderr()).isEqualTo("deploy.sh: no pipeline 'app-evnets': give a built-in name (app-events,cafe-orders,cinema) or a YAML path\n");

    Result uri = deploy("app-events", "--bucket", "s3://b-1", "--landing", "s3://l-1/in", "--lake", "s3://k-1/lake", "--dry-run");
    assertThat(uri.code()).isEqualTo(2);
    assertThat(uri.stderr()).contains("--bucket 's3://b-1' is not an S3 bucket name");

    Result missing = deploy("app-events", "--bucket", "b-1", "--lake", "s3://k-1/lake", "--dry-run");
    assertThat(missing.stderr()).isEqualTo("deploy.sh: --landing is required: s3://BUCKET/PREFIX\n");
  }

  @Test
  void aPipelineThatReadsADatabaseIsDeployedIntoTheSubnetGivenAndRefusedWithoutOne() throws Exception {
    Result without = deploy("cinema", "--bucket", "b-1", "--landing", "s3://l-1/pos", "--lake", "s3://k-1/lake", "--skip-build", "--dry-run");
    assertThat(without.code()).isEqualTo(2);
    assertThat(without.stderr()).endsWith("deploy.sh: cinema reads a database: give --db-subnet, --db-security-group and --db-availability-zone (see README \"Deploy to AWS Glue\")\n");

    Result with =
        deploy("cinema", "--bucket", "b-1", "--landing", "s3://l-1/pos", "--lake", "s3://k-1/lake", "--db-subnet", "subnet-0a1", "--db-security-group", "sg-0b2",
            "--db-availability-zone", "eu-west-1a", "--skip-build", "--dry-run");
    assertThat(with.code()).as(with.stderr()).isZero();
    assertThat(with.stdout()).contains(" NumberOfWorkers=2 DatabaseSubnetId=subnet-0a1 DatabaseSecurityGroupId=sg-0b2 DatabaseAvailabilityZone=eu-west-1a\n");
  }
}

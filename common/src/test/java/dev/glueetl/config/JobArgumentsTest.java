package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.lake.Zone;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

  @Test
  void acceptsAndIgnoresEveryArgumentGlueAdds() {
    JobArguments args =
        JobArguments.parse(
            "--JOB_NAME", "app-events-preprocess",
            "--JOB_ID", "j_123",
            "--JOB_RUN_ID", "jr_abc",
            "--WORKFLOW_NAME", "app-events",
            "--WORKFLOW_RUN_ID", "wr_42",
            "--TempDir", "s3://tmp/",
            "--job-bookmark-option", "job-bookmark-disable",
            "--job-language", "scala",
            "--class", "GlueApp",
            "--enable-metrics", "true",
            "--enable-glue-datacatalog", "true",
            "--enable-continuous-cloudwatch-log", "true",
            "--datalake-formats", "delta",
            "--extra-jars", "s3://a/glue-etl-preprocess.jar",
            "--user-jars-first", "true",
            "--conf", "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf spark.x=y",
            "--pipeline", "s3://bucket/pipelines/app-events.yaml",
            "--lake", "s3://bucket/lake",
            "--input", "s3://bucket/landing/2024/03/*",
            "--run-id", "run-7");

    assertThat(args.pipeline()).isEqualTo("s3://bucket/pipelines/app-events.yaml");
    assertThat(args.lake()).contains("s3://bucket/lake");
    assertThat(args.input()).contains("s3://bucket/landing/2024/03/*");
    assertThat(args.runId()).contains("run-7");
    assertThat(args.jobRunId()).contains("jr_abc");
    assertThat(args.workflowRunId()).contains("wr_42");
    assertThat(args.ignored()).isEmpty();
  }

  @Test
  void onlyPipelineIsRequired() {
    JobArguments args = JobArguments.parse("--pipeline", "p.yaml");
    assertThat(args.lake()).isEmpty();
    assertThat(args.input()).isEmpty();
    assertThat(args.runId()).isEmpty();
    assertThat(args.workflowRunId()).isEqualTo(Optional.empty());
  }

  @Test
  void acceptsKeyEqualsValue() {
    JobArguments args = JobArguments.parse("--pipeline=p.yaml", "--lake=/tmp/lake");
    assertThat(args.pipeline()).isEqualTo("p.yaml");
    assertThat(args.lake()).contains("/tmp/lake");
  }

  @Test
  void flagsWithoutValueDoNotSwallowTheNextKey() {
    JobArguments args = JobArguments.parse("--enable-metrics", "--pipeline", "p.yaml");
    assertThat(args.pipeline()).isEqualTo("p.yaml");
  }

  @Test
  void unknownKeysAreIgnoredButReported() {
    JobArguments args = JobArguments.parse("--pipeline", "p.yaml", "--lkae", "/tmp/lake");
    assertThat(args.ignored()).isEqualTo(List.of("--lkae"));
    assertThat(args.lake()).isEmpty();
  }

  @Test
  void missingPipelineIsAnError() {
    assertThatThrownBy(() -> JobArguments.parse("--lake", "/tmp/lake", "--JOB_NAME", "x"))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ARGS_MISSING);
              assertThat(e.parameters()).containsEntry("key", "--pipeline");
            });
  }

  @Test
  void zoneNamesTheZoneTheQualityJobChecks() {
    assertThat(JobArguments.parse("--pipeline", "p.yaml", "--zone", "curated").checkedZone()).contains(Zone.CURATED);
    assertThat(JobArguments.parse("--pipeline", "p.yaml", "--zone", "raw").checkedZone()).contains(Zone.RAW);
    assertThat(JobArguments.parse("--pipeline", "p.yaml", "--zone=trusted").checkedZone()).contains(Zone.TRUSTED);
    assertThat(JobArguments.parse("--pipeline", "p.yaml").checkedZone()).isEmpty();
    for (String zone : List.of("landing", "quarantine", "Trusted")) {
      assertThatThrownBy(() -> JobArguments.parse("--pipeline", "p.yaml", "--zone", zone))
          .isInstanceOfSatisfying(
              GlueEtlException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID);
                assertThat(e.parameters()).containsEntry("key", "--zone").containsEntry("problem", "'" + zone + "' is not a zone a job checks or writes: use raw, trusted or curated");
              });
    }
  }

  @Test
  void repeatedOwnKeyIsAnError() {
    assertThatThrownBy(() -> JobArguments.parse("--pipeline", "a.yaml", "--pipeline", "b.yaml"))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID));
  }

  @Test
  void ownKeyWithoutValueIsAnError() {
    assertThatThrownBy(() -> JobArguments.parse("--pipeline", "a.yaml", "--lake"))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID);
              assertThat(e.parameters()).containsEntry("key", "--lake");
            });
  }

  @Test
  void valueWithoutKeyIsAnError() {
    assertThatThrownBy(() -> JobArguments.parse("p.yaml"))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID));
  }

  @Test
  void valuesOfSecretLookingKeysAreRedactedInAnyCaseAndForm() {
    assertThat(
            JobArguments.redact(
                List.of(
                    "--pipeline", "p.yaml",
                    "--db-password", "hunter2",
                    "--DB_PASSWD", "hunter3",
                    "--pwd=hunter4",
                    "--API_KEY=k-123",
                    "--apiKey", "k-456",
                    "--Client-Secret", "s-1",
                    "--github_token", "t-1",
                    "--aws.credentials", "c-1",
                    "--ssh-private-key", "pk-1",
                    "--s3-access-key", "ak-1",
                    "--authorization", "Bearer x",
                    "--lake", "/tmp/lake")))
        .containsExactly(
            "--pipeline", "p.yaml",
            "--db-password", "***",
            "--DB_PASSWD", "***",
            "--pwd=***",
            "--API_KEY=***",
            "--apiKey", "***",
            "--Client-Secret", "***",
            "--github_token", "***",
            "--aws.credentials", "***",
            "--ssh-private-key", "***",
            "--s3-access-key", "***",
            "--authorization", "***",
            "--lake", "/tmp/lake");
  }

  @Test
  void sparkSettingsPassedWithConfAreRedactedOneByOne() {
    assertThat(
            JobArguments.redact(
                List.of(
                    "--conf",
                    "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf spark.hadoop.fs.s3a.secret.key=XYZ"
                        + " --conf spark.hadoop.fs.s3a.access.key=AKIA1 --conf spark.sql.shuffle.partitions=8",
                    "--conf=spark.hadoop.fs.s3a.session.token=TOK")))
        .containsExactly(
            "--conf",
            "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf spark.hadoop.fs.s3a.secret.key=***"
                + " --conf spark.hadoop.fs.s3a.access.key=*** --conf spark.sql.shuffle.partitions=8",
            "--conf=spark.hadoop.fs.s3a.session.token=***");
  }

  @Test
  void aSecretLookingFlagDoesNotHideTheNextKeyAndRawStaysAsReceived() {
    JobArguments args = JobArguments.parse("--enable-auth", "--pipeline", "p.yaml", "--db-password", "hunter2", "--JOB_RUN_ID", "jr_1");
    assertThat(args.redacted()).containsExactly("--enable-auth", "--pipeline", "p.yaml", "--db-password", "***", "--JOB_RUN_ID", "jr_1");
    assertThat(args.raw()).containsExactly("--enable-auth", "--pipeline", "p.yaml", "--db-password", "hunter2", "--JOB_RUN_ID", "jr_1");
    assertThat(args.ignored()).containsExactly("--db-password");
  }

  @Test
  void runIdMustBeAPlainId() {
    assertThatThrownBy(() -> JobArguments.parse("--pipeline", "p.yaml", "--run-id", "../etc"))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID);
              assertThat(e.parameters()).containsEntry("key", "--run-id");
            });
  }
}

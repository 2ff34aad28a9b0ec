package dev.glueetl.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.JobRunner;
import dev.glueetl.testing.LogCapture;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.S3AEncryptionMethods;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lake.encryption.kms_key} of the pipeline file: parsed in both shapes of {@code lake}, overridden by
 * {@code --lake-kms-key}, and put by the job runner into the configuration of the session every write of the job uses.
 */
class LakeKmsKeyTest {
  private static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String OTHER_KEY = "arn:aws:kms:eu-west-1:123456789012:key/99999999-12ab-34cd-56ef-1234567890ab";
  private static final String SOURCE =
      "source: {type: records, path: in, tables: [{name: t, path: t, format: csv, columns: [{name: id, nullable: false}], key: [id], keep: first}]}\n";

  @TempDir Path work;

  private static PipelineConfig parse(String lake) {
    return PipelineConfig.parse("p.yaml", "name: p\n" + lake + SOURCE);
  }

  @Test
  void lakeIsAPathOrAMappingWithAnEncryptionKeyAndTheJobArgumentWins() {
    PipelineConfig shortForm = parse("lake: s3a://acme-lake/analytics\n");
    assertThat(shortForm.lake()).isEqualTo("s3a://acme-lake/analytics");
    assertThat(shortForm.lakeKmsKey()).isEmpty();

    PipelineConfig encrypted = parse("lake: {path: s3a://acme-lake/analytics, encryption: {kms_key: " + KEY + "}}\n");
    assertThat(encrypted.lake()).isEqualTo("s3a://acme-lake/analytics");
    assertThat(encrypted.lakeKmsKey()).contains(KEY);
    assertThat(encrypted.withOverrides(JobArguments.parse("--pipeline", "p.yaml")).lakeKmsKey()).contains(KEY);
    assertThat(encrypted.withOverrides(JobArguments.parse("--pipeline", "p.yaml", "--lake-kms-key", OTHER_KEY)).lakeKmsKey()).contains(OTHER_KEY);
    assertThat(parse("").lake()).isEqualTo("lake");
  }

  @Test
  void aKeyThatIsNoKmsKeyOrAnUnknownLakeKeyIsRefused() {
    assertThatThrownBy(() -> parse("lake: {path: lake, encryption: {kms_key: my key}}\n"))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID_VALUE);
          assertThat(e.parameters()).containsEntry("key", "lake.encryption.kms_key");
        });
    assertThatThrownBy(() -> parse("lake: {path: lake, kms_key: " + KEY + "}\n"))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNKNOWN_KEY));
    assertThatThrownBy(() -> parse("lake: {encryption: {kms_key: " + KEY + "}}\n"))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING_KEY));
  }

  @Test
  void theJobRunnerPutsTheFilesKeyIntoTheSessionConfigurationItsWritesUse() throws Exception {
    Path pipeline = work.resolve("p.yaml");
    Files.writeString(pipeline, "name: p\nlake: {path: s3a://acme-lake/analytics, encryption: {kms_key: " + KEY + "}}\n" + SOURCE);
    SparkSession spark = SparkTestSession.get();
    Configuration session = spark.sparkContext().hadoopConfiguration();
    // no S3 here: S3A gets static credentials and an endpoint that refuses at once, so the run lock (the first S3
    // request) fails fast, after the runner set the session up; the body, never reached, would fail the test too
    Map<String, String> offline =
        Map.of(
            "fs.s3a.endpoint", "http://127.0.0.1:9", "fs.s3a.endpoint.region", "eu-west-1", "fs.s3a.access.key", "test", "fs.s3a.secret.key", "test",
            "fs.s3a.attempts.maximum", "0", "fs.s3a.retry.limit", "0", "fs.s3a.connection.establish.timeout", "500", "fs.s3a.path.style.access", "true");
    offline.forEach(session::set);
    List<String> set = List.of("fs.s3a.bucket.acme-lake.encryption.algorithm", "fs.s3a.bucket.acme-lake.encryption.key");
    try (LogCapture logs = new LogCapture()) {
      assertThatThrownBy(
              () -> JobRunner.run("preprocess", new String[] {"--pipeline", pipeline.toString()}, context -> {
                throw new AssertionError("no body runs without the lake's lock");
              }))
          .isNotInstanceOf(AssertionError.class);
      Configuration lakeBucket = S3AUtils.propagateBucketOptions(session, "acme-lake");
      assertThat(S3AUtils.getEncryptionAlgorithm("acme-lake", lakeBucket)).isEqualTo(S3AEncryptionMethods.SSE_KMS);
      assertThat(S3AUtils.getS3EncryptionKey("acme-lake", lakeBucket)).isEqualTo(KEY);
      assertThat(logs.text()).contains("lake s3a://acme-lake/analytics is written with SSE-KMS, key " + KEY);
    } finally {
      offline.keySet().forEach(session::unset);
      set.forEach(session::unset);
    }
  }

  @Test
  void aLocalLakeIgnoresTheKeyWithOneLogLine() {
    Configuration conf = new Configuration(false);
    try (LogCapture logs = new LogCapture()) {
      PipelineConfig local = parse("lake: {path: /tmp/lake, encryption: {kms_key: " + KEY + "}}\n");
      assertThat(LakeEncryption.apply(local.lakeKmsKey(), local.lake(), conf)).isEmpty();
      assertThat(logs.text().lines().filter(l -> l.contains("KMS key")).toList())
          .containsExactly("INFO dev.glueetl.lake.LakeEncryption: the lake's KMS key (--lake-kms-key or lake.encryption.kms_key) ignored: lake /tmp/lake is not in S3, so it has no server-side encryption");
    }
    assertThat(conf.size()).isZero();
  }

}

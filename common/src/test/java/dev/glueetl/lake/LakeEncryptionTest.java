package dev.glueetl.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.config.JobArguments;
import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.S3AEncryptionMethods;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.junit.jupiter.api.Test;

/** --lake-kms-key: the S3A settings it puts into a Hadoop configuration, read back by S3A's own code. */
class LakeEncryptionTest {
  private static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void aKeyMakesS3AWriteTheLakesBucketWithSseKmsAndOnlyThatBucket() throws Exception {
    Configuration conf = new Configuration(false);
    JobArguments args = JobArguments.parse("--pipeline", "p.yaml", "--lake", "s3://acme-lake/analytics", "--lake-kms-key", KEY);

    Map<String, String> set = LakeEncryption.apply(args.lakeKmsKey(), args.lake().orElseThrow(), conf);

    assertThat(set)
        .containsExactly(
            Map.entry("fs.s3a.bucket.acme-lake.encryption.algorithm", "SSE-KMS"), Map.entry("fs.s3a.bucket.acme-lake.encryption.key", KEY));
    assertThat(conf.get("fs.s3a.bucket.acme-lake.encryption.key")).isEqualTo(KEY);
    // what the S3A file system of each bucket would use (it applies the per-bucket options when it is created)
    Configuration lakeBucket = S3AUtils.propagateBucketOptions(conf, "acme-lake");
    assertThat(S3AUtils.getEncryptionAlgorithm("acme-lake", lakeBucket)).isEqualTo(S3AEncryptionMethods.SSE_KMS);
    assertThat(S3AUtils.getS3EncryptionKey("acme-lake", lakeBucket)).isEqualTo(KEY);
    Configuration otherBucket = S3AUtils.propagateBucketOptions(conf, "acme-artifacts");
    assertThat(S3AUtils.getEncryptionAlgorithm("acme-artifacts", otherBucket)).isEqualTo(S3AEncryptionMethods.NONE);
  }

  @Test
  void s3aAndS3UrisNameTheSameBucket() {
    assertThat(LakeEncryption.settings(Optional.of(KEY), "s3a://lake.example.com/x/y"))
        .containsEntry("fs.s3a.bucket.lake.example.com.encryption.algorithm", "SSE-KMS");
  }

  @Test
  void aLocalLakeOrNoKeySetsNothing() {
    Configuration conf = new Configuration(false);

    assertThat(LakeEncryption.apply(Optional.of(KEY), "/tmp/glue-etl/lake", conf)).isEmpty();
    assertThat(LakeEncryption.apply(Optional.of(KEY), "file:/tmp/glue-etl/lake", conf)).isEmpty();
    assertThat(LakeEncryption.apply(Optional.empty(), "s3://acme-lake/analytics", conf)).isEmpty();
    assertThat(conf.size()).isZero();
  }

  @Test
  void aValueThatIsNoKmsKeyIsRefusedBeforeAnythingRuns() {
    assertThat(JobArguments.parse("--pipeline", "p.yaml", "--lake-kms-key", "alias/lake").lakeKmsKey()).contains("alias/lake");
    assertThat(JobArguments.parse("--pipeline", "p.yaml").lakeKmsKey()).isEmpty();
    assertThatThrownBy(() -> JobArguments.parse("--pipeline", "p.yaml", "--lake-kms-key", "my key"))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID));
  }
}

package dev.glueetl.lake;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side encryption of the lake with a KMS key (SSE-KMS), for lake buckets whose policy demands it: the S3A
 * settings that make every object written into the lake's bucket carry {@code x-amz-server-side-encryption: aws:kms}
 * and the key's id.
 *
 * <p>The settings are S3A's per-bucket ones ({@code fs.s3a.bucket.<lake bucket>.encryption.algorithm} and {@code
 * .encryption.key}, the names of Hadoop 3.3.2 and later, Spark 3.5's 3.3.4 and Glue 5.1's 3.4 alike): only the lake's
 * bucket is written with the key, while artifacts and Spark event logs in other buckets keep their own encryption.
 * Reading needs no setting: S3 decrypts SSE-KMS objects for any caller allowed {@code kms:Decrypt}.
 *
 * <p>S3A reads the settings when it creates the bucket's file system, and Hadoop caches that file system per bucket:
 * apply them before anything touches the bucket (the job runner does it on the session's configuration before the
 * first read or write of the lake; the pipeline file is read through an uncached file system of its own).
 */
public final class LakeEncryption {
  private static final Logger LOG = LoggerFactory.getLogger(LakeEncryption.class);
  /** The schemes S3A serves on Glue 5.1 (and locally, where {@code s3://} is mapped to S3A too). */
  private static final Set<String> S3_SCHEMES = Set.of("s3", "s3a", "s3n");
  static final String SSE_KMS = "SSE-KMS";

  private LakeEncryption() {}

  /**
   * The Hadoop settings that write the lake at {@code lakeRoot} with SSE-KMS under {@code kmsKey}; empty when there is
   * no key or the lake is not in S3 (a local directory has no server-side encryption).
   *
   * <pre>
   * kmsKey arn:aws:kms:eu-west-1:123456789012:key/k-1, lakeRoot s3://acme-lake/analytics
   *   → fs.s3a.bucket.acme-lake.encryption.algorithm = SSE-KMS
   *     fs.s3a.bucket.acme-lake.encryption.key       = arn:aws:kms:eu-west-1:123456789012:key/k-1
   * </pre>
   */
  public static Map<String, String> settings(Optional<String> kmsKey, String lakeRoot) {
    Optional<String> bucket = s3Bucket(lakeRoot);
    if (kmsKey.isEmpty() || bucket.isEmpty()) {
      return Map.of();
    }
    String prefix = "fs.s3a.bucket." + bucket.get() + ".";
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(prefix + "encryption.algorithm", SSE_KMS);
    settings.put(prefix + "encryption.key", kmsKey.get());
    return settings;
  }

  /**
   * Puts {@link #settings} into {@code conf} and says so in one log line; with a key but a lake outside S3, logs that
   * the key is ignored. Returns what was set.
   */
  public static Map<String, String> apply(Optional<String> kmsKey, String lakeRoot, Configuration conf) {
    Map<String, String> settings = settings(kmsKey, lakeRoot);
    settings.forEach(conf::set);
    if (!settings.isEmpty()) {
      LOG.info("lake {} is written with SSE-KMS, key {}", lakeRoot, kmsKey.orElseThrow());
    } else if (kmsKey.isPresent()) {
      LOG.info("the lake's KMS key (--lake-kms-key or lake.encryption.kms_key) ignored: lake {} is not in S3, so it has no server-side encryption", lakeRoot);
    }
    return settings;
  }

  private static Optional<String> s3Bucket(String lakeRoot) {
    try {
      URI uri = URI.create(lakeRoot);
      return uri.getScheme() != null && S3_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null
          ? Optional.of(uri.getHost())
          : Optional.empty();
    } catch (IllegalArgumentException e) { // a local path such as C:\lake or one with spaces: not S3
      return Optional.empty();
    }
  }
}

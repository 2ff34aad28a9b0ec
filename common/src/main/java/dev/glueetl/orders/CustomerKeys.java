package dev.glueetl.orders;

import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.CustomerKeyConfig;
import dev.glueetl.conform.Texts;
import dev.glueetl.error.Errors;
import dev.glueetl.secrets.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code customer_key}: HMAC-SHA256, hex, of the normalised customer name (trimmed, lower-case), with a secret key. The
 * same person gets the same key in every store and on every day, so returning customers can be counted, while the name
 * itself is never stored.
 *
 * <p>Why a UDF here, against the house rule: any SQL-expression HMAC needs the key (or key XOR pad) as a literal, and
 * literals are printed in query plans, the Spark UI and logs. Inside the UDF the key stays out of every plan.
 */
public final class CustomerKeys {
  /**
   * The documented development key, used when no key is configured (a warning says so). Keys made with it are not
   * secret: never use it for real data.
   */
  public static final String DEVELOPMENT_KEY = "glue-etl-development-key";

  /** A resolved key and where it came from (for the log: the source, never the value). */
  public record Key(byte[] secret, String source) {}

  private CustomerKeys() {}

  /**
   * Finds the key: the Secrets Manager secret when {@code secret_id} is set, else the environment variable, else the
   * development key (with a warning), unless {@code require} forbids that.
   */
  public static Key resolve(CustomerKeyConfig config, Secrets secrets, Consumer<String> warn) {
    if (config.secretId().isPresent()) {
      String value = secrets.secretsManager(config.secretId().get(), config.secretField(), "orders.customer_key");
      return new Key(value.getBytes(StandardCharsets.UTF_8), "AWS Secrets Manager secret " + config.secretId().get());
    }
    Optional<String> fromEnvironment = config.secretEnv().flatMap(secrets::environmentVariable);
    if (fromEnvironment.isPresent()) {
      return new Key(fromEnvironment.get().getBytes(StandardCharsets.UTF_8), "environment variable " + config.secretEnv().get());
    }
    String variable = config.secretEnv().orElse(CustomerKeyConfig.DEFAULT_ENV);
    if (config.require()) {
      throw Errors.secretUnavailable(
          "environment variable " + variable, "orders.customer_key", "it is not set, and customer_key.require is true: set it, or name a secret_id");
    }
    warn.accept(
        "orders.customer_key: no key configured (environment variable " + variable + " is not set, no secret_id): using the "
            + "development key; customer keys will not match those of a run with the real key");
    return new Key(DEVELOPMENT_KEY.getBytes(StandardCharsets.UTF_8), "the development key");
  }

  /** The customer key of a name column: NULL for a missing name. */
  public static Column customerKey(Key key, Column name) {
    Column normalised = lower(trim(name, Texts.BLANKS));
    UserDefinedFunction hmac = functions.udf(new HmacSha256Hex(key.secret()), DataTypes.StringType);
    return when(Texts.clean(name).isNotNull(), hmac.apply(normalised));
  }

  /** The customer key of one name, computed the same way outside Spark (tests, support tooling). */
  public static String customerKey(Key key, String name) {
    return new HmacSha256Hex(key.secret()).call(name.strip().toLowerCase(java.util.Locale.ROOT));
  }

  /** HMAC-SHA256 as lower-case hex; one {@link Mac} per thread, as Mac is not thread-safe. */
  static final class HmacSha256Hex implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;
    private final byte[] secret;
    private transient ThreadLocal<Mac> mac;

    HmacSha256Hex(byte[] secret) {
      this.secret = secret.clone();
    }

    @Override
    public String call(String text) {
      if (text == null) {
        return null;
      }
      if (mac == null) {
        mac = ThreadLocal.withInitial(this::newMac);
      }
      return HexFormat.of().formatHex(mac.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
      try {
        Mac instance = Mac.getInstance("HmacSHA256");
        instance.init(new SecretKeySpec(secret, "HmacSHA256"));
        return instance;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
      }
    }
  }
}

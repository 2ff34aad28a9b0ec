package dev.glueetl.config;

import java.util.Optional;

/**
 * Where the secret key for {@code customer_key} (HMAC-SHA256 of the normalised customer name) comes from. The key itself
 * is never written in a pipeline file or passed as an argument.
 *
 * @param secretEnv the environment variable holding the key
 * @param secretId an AWS Secrets Manager secret id or ARN holding the key (wins over {@code secretEnv})
 * @param secretField when the secret is a JSON object, the field holding the key
 * @param require fail instead of falling back to the development key when no key is found
 */
public record CustomerKeyConfig(Optional<String> secretEnv, Optional<String> secretId, Optional<String> secretField, boolean require) {
  static final ConfigKey<String> SECRET_ENV =
      ConfigKey.text("secret_env", "the name of an environment variable, e.g. CAFE_CUSTOMER_KEY")
          .matching("[A-Za-z_][A-Za-z0-9_]*", "an environment variable name such as CAFE_CUSTOMER_KEY")
          .defaultsTo("GLUE_ETL_CUSTOMER_KEY")
          .doc("environment variable holding the customer-key secret");
  static final ConfigKey<String> SECRET_ID =
      ConfigKey.text("secret_id", "an AWS Secrets Manager secret id or ARN").doc("AWS Secrets Manager secret id or ARN holding it (wins over `secret_env`)");
  static final ConfigKey<String> SECRET_FIELD =
      ConfigKey.text("secret_field", "the JSON field of the secret holding the key").doc("when that secret is a JSON object, the field holding the key");
  static final ConfigKey<Boolean> REQUIRE =
      ConfigKey.flag("require").defaultsTo(false).doc("fail instead of using the development key when no key is found (set it on Glue)");
  static final ConfigKey<Void> KEY =
      ConfigKey.refused("key", "(a key)", "no key in the file: name it with secret_env (an environment variable) or secret_id (AWS Secrets Manager)");

  static final ConfigSection KEYS = ConfigSection.of(SECRET_ENV, SECRET_ID, SECRET_FIELD, REQUIRE, KEY);

  public static final String DEFAULT_ENV = SECRET_ENV.defaultValue();

  public static CustomerKeyConfig defaults() {
    return new CustomerKeyConfig(Optional.of(DEFAULT_ENV), Optional.empty(), Optional.empty(), REQUIRE.defaultValue());
  }

  static CustomerKeyConfig parse(ConfigNode node) {
    return new CustomerKeyConfig(Optional.of(SECRET_ENV.read(node)), SECRET_ID.optional(node), SECRET_FIELD.optional(node), REQUIRE.read(node));
  }
}

package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.util.List;
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
  public static final String DEFAULT_ENV = "GLUE_ETL_CUSTOMER_KEY";

  public static CustomerKeyConfig defaults() {
    return new CustomerKeyConfig(Optional.of(DEFAULT_ENV), Optional.empty(), Optional.empty(), false);
  }

  static CustomerKeyConfig parse(ConfigNode node) {
    node.rejectUnknownKeys(List.of("secret_env", "secret_id", "secret_field", "require", "key"));
    if (node.has("key")) {
      throw Errors.invalidValue(
          node.keyOf("key"), node.file(), "(a key)", "no key in the file: name it with secret_env (an environment variable) or secret_id (AWS Secrets Manager)");
    }
    Optional<String> env = node.optionalString("secret_env", "the name of an environment variable, e.g. CAFE_CUSTOMER_KEY");
    env.ifPresent(
        name -> {
          if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw Errors.invalidValue(node.keyOf("secret_env"), node.file(), name, "an environment variable name such as CAFE_CUSTOMER_KEY");
          }
        });
    return new CustomerKeyConfig(
        env.or(() -> Optional.of(DEFAULT_ENV)),
        node.optionalString("secret_id", "an AWS Secrets Manager secret id or ARN"),
        node.optionalString("secret_field", "the JSON field of the secret holding the key"),
        node.bool("require", false));
  }
}

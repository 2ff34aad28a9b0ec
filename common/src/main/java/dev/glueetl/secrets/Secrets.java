package dev.glueetl.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glueetl.error.Errors;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads secrets (customer-key secrets, database passwords) from where a pipeline names them: an environment variable or
 * an AWS Secrets Manager secret. Values are never logged; errors name the source, not the value.
 *
 * <p>Secrets Manager is reached with the default AWS credential and region chains (on Glue: the job's role and region;
 * locally: {@code AWS_REGION}, {@code AWS_PROFILE} or the usual variables). {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}
 * points it at another endpoint.
 */
public final class Secrets {
  private final Function<String, String> environment;

  /**
   * Variables this process provides itself, over the environment: the CLI's local demo database puts its generated
   * password here (a JVM cannot set its own environment). Nothing else writes it; values are never logged.
   */
  private static final java.util.Map<String, String> PROCESS_VARIABLES = new java.util.concurrent.ConcurrentHashMap<>();

  public Secrets(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Secrets from the process environment (and the variables the process provides itself). */
  public static Secrets fromProcess() {
    return new Secrets(name -> PROCESS_VARIABLES.getOrDefault(name, System.getenv(name)));
  }

  /** Provides {@code name} to {@link #fromProcess()} in this JVM, over the environment; {@link #forget} removes it. */
  public static void provide(String name, String value) {
    PROCESS_VARIABLES.put(name, value);
  }

  public static void forget(String name) {
    PROCESS_VARIABLES.remove(name);
  }

  /** The value of an environment variable, when set and not blank. */
  public Optional<String> environmentVariable(String name) {
    return Optional.ofNullable(environment.apply(name)).filter(v -> !v.isBlank());
  }

  /**
   * The secret string of a Secrets Manager secret, or one field of it when it is a JSON object (the usual shape of
   * database secrets: {@code {"username": ..., "password": ...}}).
   *
   * @param key what the secret is for, for messages (e.g. {@code orders.customer_key})
   */
  public String secretsManager(String secretId, Optional<String> field, String key) {
    String value;
    try (SecretsManagerClient client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      GetSecretValueResponse response = client.getSecretValue(request -> request.secretId(secretId));
      value = response.secretString();
    } catch (SdkException e) {
      throw Errors.secretUnavailable(
          "AWS Secrets Manager secret " + secretId, key, firstLine(e.getMessage()) + " (check the secret id, the region and the role's secretsmanager:GetSecretValue permission)");
    }
    if (value == null || value.isBlank()) {
      throw Errors.secretUnavailable("AWS Secrets Manager secret " + secretId, key, "the secret has no secret string");
    }
    if (field.isEmpty()) {
      return value;
    }
    try {
      JsonNode json = new ObjectMapper().readTree(value);
      JsonNode node = json == null ? null : json.get(field.get());
      if (node == null || node.isNull() || node.asText().isBlank()) {
        throw Errors.secretUnavailable("AWS Secrets Manager secret " + secretId, key, "the secret has no field '" + field.get() + "'");
      }
      return node.asText();
    } catch (IOException e) {
      throw Errors.secretUnavailable("AWS Secrets Manager secret " + secretId, key, "the secret is not a JSON object, so it has no field '" + field.get() + "'");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

package dev.glueetl.config;

import dev.glueetl.error.Errors;
import dev.glueetl.secrets.Secrets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a database password comes from, for every section that connects to a database ({@code export.jdbc},
 * {@code source.tables[].jdbc}): an environment variable or an AWS Secrets Manager secret, never the file, the URL or
 * an argument. Its keys, its URL check and how it is read are declared here once.
 *
 * @param env environment variable holding the password
 * @param secretId AWS Secrets Manager secret holding it (wins over {@code env})
 * @param secretField the JSON field of that secret holding the password (RDS-managed secrets: {@code password})
 */
public record DatabasePassword(Optional<String> env, Optional<String> secretId, Optional<String> secretField) {

  /** A password parameter (any case, spaces allowed before '='; also sslpassword=, trustStorePassword=, ...). */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(password|passwd|pwd)\\s*=", Pattern.CASE_INSENSITIVE);

  static final ConfigKey<String> ENV =
      ConfigKey.text("password_env", "an environment variable name").docRequired("this or `password_secret_id`").doc("environment variable holding the password");
  static final ConfigKey<String> SECRET_ID =
      ConfigKey.text("password_secret_id", "an AWS Secrets Manager secret id or ARN")
          .docRequired("this or `password_env`")
          .doc("AWS Secrets Manager secret id or ARN holding the password (wins over `password_env`)");
  static final ConfigKey<String> SECRET_FIELD =
      ConfigKey.text("password_secret_field", "the JSON field holding the password, e.g. password")
          .doc("when that secret is a JSON object, the field holding the password (RDS-managed secrets: `password`)");
  static final ConfigKey<Void> REFUSED =
      ConfigKey.refused(
          "password", "(a password)", "no password in the file: name password_env (an environment variable) or password_secret_id (AWS Secrets Manager)");

  /** The password's source in {@code node}; one of {@code password_env} and {@code password_secret_id} is required. */
  static DatabasePassword parse(ConfigNode node) {
    Optional<String> env = ENV.optional(node);
    Optional<String> secretId = SECRET_ID.optional(node);
    if (env.isEmpty() && secretId.isEmpty()) {
      throw ENV.missing(node, "password_env or password_secret_id: where the password comes from");
    }
    return new DatabasePassword(env, secretId, SECRET_FIELD.optional(node));
  }

  /** The JDBC URL of {@code urlKey} in {@code node}: refused, and never echoed, when it holds a password. */
  static String url(ConfigKey<String> urlKey, ConfigNode node) {
    String url = urlKey.read(node);
    // before any message that prints the URL: a URL holding a password is never echoed
    if (holdsPassword(url)) {
      throw urlKey.invalid(
          node, "(a URL with a password)",
          "a URL without a password (no password=, pwd= or passwd= in any case, no user:password@): use password_env or password_secret_id");
    }
    if (!url.startsWith("jdbc:")) {
      throw urlKey.invalid(node, url, "a JDBC URL starting with jdbc:");
    }
    return url;
  }

  /**
   * Whether a JDBC URL carries a password: as a parameter ({@code ?password=}, {@code ;Password=}, {@code &pwd=}) or in
   * its user-info ({@code jdbc:postgresql://user:secret@host:5432/db}).
   */
  public static boolean holdsPassword(String url) {
    if (PASSWORD_PARAMETER.matcher(url).find()) {
      return true;
    }
    int authority = url.indexOf("//");
    if (authority < 0) {
      return false;
    }
    int end = authority + 2;
    while (end < url.length() && "/?;#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    return at > authority && url.substring(authority + 2, at).contains(":");
  }

  /**
   * The password: from Secrets Manager when a secret is named, else from the environment variable.
   *
   * @param what the key it is for, for messages (e.g. {@code export.jdbc password})
   */
  public String read(Secrets secrets, String what) {
    if (secretId.isPresent()) {
      return secrets.secretsManager(secretId.get(), secretField, what);
    }
    String variable = env.orElseThrow();
    return secrets.environmentVariable(variable).orElseThrow(() -> Errors.secretUnavailable("environment variable " + variable, what, "it is not set"));
  }
}

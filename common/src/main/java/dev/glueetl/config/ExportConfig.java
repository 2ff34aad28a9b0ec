package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code export.jdbc} section: curated tables copied into a relational database (PostgreSQL, Redshift) after each
 * aggregate run. The password is never in the file, nor in the URL: it comes from an environment variable or AWS Secrets
 * Manager.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://host:5432/analytics} or {@code jdbc:redshift://...}
 * @param user database user
 * @param passwordEnv environment variable holding the password
 * @param passwordSecretId AWS Secrets Manager secret holding the password (wins over {@code passwordEnv})
 * @param passwordSecretField the JSON field of that secret holding the password (RDS secrets: {@code password})
 * @param schema target schema, created when missing
 * @param tables curated tables to export; empty for all
 * @param batchSize rows per JDBC batch
 */
public record ExportConfig(
    String url,
    String user,
    Optional<String> passwordEnv,
    Optional<String> passwordSecretId,
    Optional<String> passwordSecretField,
    String schema,
    List<String> tables,
    int batchSize) {

  /** A password parameter (any case, spaces allowed before '='; also sslpassword=, trustStorePassword=, ...). */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(password|passwd|pwd)\\s*=", Pattern.CASE_INSENSITIVE);

  static ExportConfig parse(ConfigNode node, List<MetricConfig> metrics) {
    node.rejectUnknownKeys(List.of("url", "user", "password_env", "password_secret_id", "password_secret_field", "schema", "tables", "batch_size", "password"));
    if (node.has("password")) {
      throw Errors.invalidValue(
          node.keyOf("password"), node.file(), "(a password)", "no password in the file: name password_env (an environment variable) or password_secret_id (AWS Secrets Manager)");
    }
    String url = node.requiredString("url", "a JDBC URL such as jdbc:postgresql://host:5432/analytics");
    // before any message that prints the URL: a URL holding a password is never echoed
    if (hasPassword(url)) {
      throw Errors.invalidValue(
          node.keyOf("url"), node.file(), "(a URL with a password)",
          "a URL without a password (no password=, pwd= or passwd= in any case, no user:password@): use password_env or password_secret_id");
    }
    if (!url.startsWith("jdbc:")) {
      throw Errors.invalidValue(node.keyOf("url"), node.file(), url, "a JDBC URL starting with jdbc:");
    }
    Optional<String> passwordEnv = node.optionalString("password_env", "an environment variable name");
    Optional<String> secretId = node.optionalString("password_secret_id", "an AWS Secrets Manager secret id or ARN");
    if (passwordEnv.isEmpty() && secretId.isEmpty()) {
      throw Errors.missingKey(node.keyOf("password_env"), node.file(), "password_env or password_secret_id: where the password comes from");
    }
    String schema = node.requiredString("schema", "the target schema, e.g. analytics");
    if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw Errors.invalidValue(node.keyOf("schema"), node.file(), schema, "letters, digits and '_'");
    }
    List<String> tables = node.stringOrList("tables", "curated table names").orElse(List.of());
    List<String> known = metrics.stream().map(MetricConfig::table).toList();
    for (String table : tables) {
      if (!known.contains(table)) {
        throw Errors.invalidValue(node.keyOf("tables"), node.file(), table, "one of the pipeline's metrics " + known);
      }
    }
    return new ExportConfig(
        url,
        node.requiredString("user", "the database user"),
        passwordEnv,
        secretId,
        node.optionalString("password_secret_field", "the JSON field holding the password, e.g. password"),
        schema,
        tables,
        node.integer("batch_size", 1000, 1, 100_000));
  }

  /**
   * Whether a JDBC URL carries a password: as a parameter ({@code ?password=}, {@code ;Password=}, {@code &pwd=}) or in
   * its user-info ({@code jdbc:postgresql://user:secret@host:5432/db}).
   */
  static boolean hasPassword(String url) {
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
}

package dev.glueetl.config;

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

  static final ConfigKey<String> URL =
      ConfigKey.text("url", "a JDBC URL such as jdbc:postgresql://host:5432/analytics")
          .required()
          .doc("JDBC URL, `jdbc:postgresql://host:5432/db` or `jdbc:redshift://...`, without a password");
  static final ConfigKey<String> USER = ConfigKey.text("user", "the database user").required().doc("database user");
  static final ConfigKey<String> PASSWORD_ENV =
      ConfigKey.text("password_env", "an environment variable name").docRequired("this or `password_secret_id`").doc("environment variable holding the password");
  static final ConfigKey<String> PASSWORD_SECRET_ID =
      ConfigKey.text("password_secret_id", "an AWS Secrets Manager secret id or ARN")
          .docRequired("this or `password_env`")
          .doc("AWS Secrets Manager secret id or ARN holding the password (wins over `password_env`)");
  static final ConfigKey<String> PASSWORD_SECRET_FIELD =
      ConfigKey.text("password_secret_field", "the JSON field holding the password, e.g. password")
          .doc("when that secret is a JSON object, the field holding the password (RDS-managed secrets: `password`)");
  static final ConfigKey<String> SCHEMA =
      ConfigKey.text("schema", "the target schema, e.g. analytics")
          .required()
          .matching("[A-Za-z_][A-Za-z0-9_]*", "letters, digits and '_'")
          .doc("target schema, created when missing");
  static final ConfigKey<List<String>> TABLES =
      ConfigKey.textList("tables", "curated table names").docDefault("every curated table").doc("the curated tables to export (names of `metrics[].table`)");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.wholeNumber("batch_size", 1, 100_000).defaultsTo(1000).doc("rows per JDBC batch");
  static final ConfigKey<Void> PASSWORD =
      ConfigKey.refused(
          "password", "(a password)", "no password in the file: name password_env (an environment variable) or password_secret_id (AWS Secrets Manager)");

  /** The keys of {@code export.jdbc}. */
  static final ConfigSection JDBC_KEYS =
      ConfigSection.of(URL, USER, PASSWORD_ENV, PASSWORD_SECRET_ID, PASSWORD_SECRET_FIELD, SCHEMA, TABLES, BATCH_SIZE, PASSWORD);

  static final ConfigKey<ConfigNode> JDBC =
      ConfigKey.section("jdbc", JDBC_KEYS)
          .required("url, user, password_env or password_secret_id, schema")
          .docRequired("no") // all there is of export, which is optional
          .ownTable("export")
          .doc("copy curated tables into PostgreSQL or Redshift: see \"Export to PostgreSQL or Redshift\"");

  /** The keys of {@code export}. */
  static final ConfigSection KEYS = ConfigSection.of(JDBC);

  /** Reads the {@code export} section. */
  static ExportConfig parse(ConfigNode export, List<MetricConfig> metrics) {
    ConfigNode node = JDBC.read(export);
    String url = URL.read(node);
    // before any message that prints the URL: a URL holding a password is never echoed
    if (hasPassword(url)) {
      throw URL.invalid(
          node, "(a URL with a password)",
          "a URL without a password (no password=, pwd= or passwd= in any case, no user:password@): use password_env or password_secret_id");
    }
    if (!url.startsWith("jdbc:")) {
      throw URL.invalid(node, url, "a JDBC URL starting with jdbc:");
    }
    Optional<String> passwordEnv = PASSWORD_ENV.optional(node);
    Optional<String> secretId = PASSWORD_SECRET_ID.optional(node);
    if (passwordEnv.isEmpty() && secretId.isEmpty()) {
      throw PASSWORD_ENV.missing(node, "password_env or password_secret_id: where the password comes from");
    }
    String schema = SCHEMA.read(node);
    List<String> tables = TABLES.optional(node).orElse(List.of());
    List<String> known = metrics.stream().map(MetricConfig::table).toList();
    for (String table : tables) {
      if (!known.contains(table)) {
        throw TABLES.invalid(node, table, "one of the pipeline's metrics " + known);
      }
    }
    return new ExportConfig(url, USER.read(node), passwordEnv, secretId, PASSWORD_SECRET_FIELD.optional(node), schema, tables, BATCH_SIZE.read(node));
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

package dev.glueetl.config;

import java.util.List;

/**
 * The {@code export.jdbc} section: curated tables copied into a relational database (PostgreSQL, Redshift) after each
 * aggregate run. The password is never in the file, nor in the URL: it comes from an environment variable or AWS Secrets
 * Manager.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://host:5432/analytics} or {@code jdbc:redshift://...}
 * @param user database user
 * @param password where the password comes from
 * @param schema target schema, created when missing
 * @param tables curated tables to export; empty for all
 * @param batchSize rows per JDBC batch
 */
public record ExportConfig(
    String url,
    String user,
    DatabasePassword password,
    String schema,
    List<String> tables,
    int batchSize) {

  static final ConfigKey<String> URL =
      ConfigKey.text("url", "a JDBC URL such as jdbc:postgresql://host:5432/analytics")
          .required()
          .doc("JDBC URL, `jdbc:postgresql://host:5432/db` or `jdbc:redshift://...`, without a password");
  static final ConfigKey<String> USER = ConfigKey.text("user", "the database user").required().doc("database user");
  static final ConfigKey<String> SCHEMA =
      ConfigKey.text("schema", "the target schema, e.g. analytics")
          .required()
          .matching("[A-Za-z_][A-Za-z0-9_]*", "letters, digits and '_'")
          .doc("target schema, created when missing");
  static final ConfigKey<List<String>> TABLES =
      ConfigKey.textList("tables", "curated table names").docDefault("every curated table").doc("the curated tables to export (names of `metrics[].table`)");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.wholeNumber("batch_size", 1, 100_000).defaultsTo(1000).doc("rows per JDBC batch");
  /** The keys of {@code export.jdbc}. */
  static final ConfigSection JDBC_KEYS =
      ConfigSection.of(
          URL, USER, DatabasePassword.ENV, DatabasePassword.SECRET_ID, DatabasePassword.SECRET_FIELD, SCHEMA, TABLES, BATCH_SIZE, DatabasePassword.REFUSED);

  static final ConfigKey<ConfigNode> JDBC =
      ConfigKey.section("jdbc", JDBC_KEYS)
          .required("url, user, password_env or password_secret_id, schema")
          .docRequired("no") // all there is of export, which is optional
          .ownTable("export")
          .doc("copy curated tables into PostgreSQL or Redshift: see [export](#export-exportjdbc)");

  /** The keys of {@code export}. */
  static final ConfigSection KEYS = ConfigSection.of(JDBC);

  /** Reads the {@code export} section. */
  static ExportConfig parse(ConfigNode export, List<MetricConfig> metrics) {
    ConfigNode node = JDBC.read(export);
    String url = DatabasePassword.url(URL, node);
    DatabasePassword password = DatabasePassword.parse(node);
    String schema = SCHEMA.read(node);
    List<String> tables = TABLES.optional(node).orElse(List.of());
    List<String> known = metrics.stream().map(MetricConfig::table).toList();
    for (String table : tables) {
      if (!known.contains(table)) {
        throw TABLES.invalid(node, table, "one of the pipeline's metrics " + known);
      }
    }
    return new ExportConfig(url, USER.read(node), password, schema, tables, BATCH_SIZE.read(node));
  }
}

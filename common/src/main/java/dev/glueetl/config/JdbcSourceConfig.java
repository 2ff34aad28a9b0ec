package dev.glueetl.config;

import java.util.Optional;

/**
 * The {@code jdbc} section of a {@code records} table: a table of a relational database (PostgreSQL, MySQL, MariaDB)
 * read over JDBC. The password is never in the file, nor in the URL: it comes from an environment variable or AWS
 * Secrets Manager, as for the export.
 *
 * @param url JDBC URL without a password, e.g. {@code jdbc:postgresql://crm.internal:5432/crm}
 * @param user database user
 * @param password where the password comes from
 * @param table the database table, optionally schema-qualified ({@code public.customers})
 * @param incrementalColumn a column that grows with every insert and update ({@code updated_at}, an increasing id):
 *     each run reads only rows above the last run's watermark. Empty: every run reads the whole table
 * @param splitColumn a numeric column to split the read on, for parallel reads
 * @param partitions how many parallel reads when split
 * @param fetchSize rows per round trip
 */
public record JdbcSourceConfig(
    String url,
    String user,
    DatabasePassword password,
    String table,
    Optional<String> incrementalColumn,
    Optional<String> splitColumn,
    int partitions,
    int fetchSize) {

  static final ConfigKey<String> URL =
      ConfigKey.text("url", "a JDBC URL such as jdbc:postgresql://host:5432/crm or jdbc:mariadb://host:3306/crm")
          .required()
          .doc("JDBC URL without a password: `jdbc:postgresql://host:5432/db`, or `jdbc:mariadb://host:3306/db` for MariaDB and MySQL servers; `--jdbc-url` overrides");
  static final ConfigKey<String> USER = ConfigKey.text("user", "the database user").required().doc("database user");
  static final ConfigKey<String> TABLE =
      ConfigKey.text("table", "the database table, e.g. public.customers")
          .required()
          .matching("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?", "a table name, optionally schema-qualified: letters, digits and '_'")
          .doc("the database table, optionally schema-qualified (`public.customers`)");
  static final ConfigKey<String> INCREMENTAL_COLUMN =
      ConfigKey.text("incremental_column", "a declared column that grows with every insert and update, e.g. updated_at")
          .docDefault("none: the whole table each run")
          .doc("a column that grows with every insert and update (`updated_at`, an increasing id): each run reads only the rows above the last committed watermark");
  static final ConfigKey<String> SPLIT_COLUMN =
      ConfigKey.text("split_column", "a numeric declared column, e.g. customer_id").doc("a numeric column to split the read on: `partitions` parallel range reads");
  static final ConfigKey<Integer> PARTITIONS = ConfigKey.wholeNumber("partitions", 1, 1024).defaultsTo(4).doc("parallel reads when `split_column` is set");
  static final ConfigKey<Integer> FETCH_SIZE = ConfigKey.wholeNumber("fetch_size", 1, 1_000_000).defaultsTo(10_000).doc("rows per database round trip");
  static final ConfigSection KEYS =
      ConfigSection.of(
          URL, USER, DatabasePassword.ENV, DatabasePassword.SECRET_ID, DatabasePassword.SECRET_FIELD, TABLE, INCREMENTAL_COLUMN, SPLIT_COLUMN, PARTITIONS,
          FETCH_SIZE, DatabasePassword.REFUSED);

  public JdbcSourceConfig withUrl(String newUrl) {
    return new JdbcSourceConfig(newUrl, user, password, table, incrementalColumn, splitColumn, partitions, fetchSize);
  }

  /** The URL for messages and logs: without its parameters (which may carry options we do not want echoed). */
  public String displayUrl() {
    return url.replaceAll("[?;].*", "");
  }

  static JdbcSourceConfig parse(ConfigNode node) {
    String url = DatabasePassword.url(URL, node);
    DatabasePassword password = DatabasePassword.parse(node);
    return new JdbcSourceConfig(
        url, USER.read(node), password, TABLE.read(node), INCREMENTAL_COLUMN.optional(node), SPLIT_COLUMN.optional(node), PARTITIONS.read(node),
        FETCH_SIZE.read(node));
  }
}

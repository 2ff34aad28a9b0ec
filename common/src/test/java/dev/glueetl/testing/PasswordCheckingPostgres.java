package dev.glueetl.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * An embedded PostgreSQL that checks the password of every user but its administrator {@code postgres}: zonky's
 * default {@code pg_hba.conf} trusts everyone, so a job ignoring its {@code password_env} would pass unnoticed.
 */
public final class PasswordCheckingPostgres {
  private PasswordCheckingPostgres() {}

  public static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder()
          .setDataDirectoryCustomizer(
              data -> {
                try {
                  Files.writeString(
                      data.toPath().resolve("pg_hba.conf"),
                      String.join(
                          "\n", "local all all trust", "host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
                          "host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256", ""));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }
}

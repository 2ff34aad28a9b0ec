package dev.glueetl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDBC-source tests' server: a script loads a table that user {@code etl} reads back value for value. */
class MariaDbServerTest {
  private static final String PASSWORD = "s3cret;'\"pw";
  private static MariaDbServer server;

  @BeforeAll
  static void startServer() {
    long started = System.nanoTime();
    server = MariaDbServer.start(PASSWORD);
    System.out.printf("MariaDbServer.start took %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void stopServer() {
    if (server == null) {
      return;
    }
    long started = System.nanoTime();
    server.close();
    System.out.printf("MariaDbServer.close took %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  record Customer(int id, String name, BigDecimal balance, LocalDateTime updatedAt, LocalDate since) {}

  @Test
  void theOwnerReadsBackExactlyWhatTheScriptWrote() throws SQLException {
    server.execute("""
        CREATE TABLE customers (
          id INT PRIMARY KEY,
          name VARCHAR(100) NOT NULL,
          balance DECIMAL(10,2) NOT NULL,
          updated_at DATETIME(6) NOT NULL,
          since DATE NOT NULL
        );
        INSERT INTO customers VALUES (1, 'Jane Doe', 12345678.90, '2024-03-01 09:15:30.123456', '2019-07-14');
        INSERT INTO customers VALUES (2, 'Zoë; 東京', -0.01, '2024-12-31 23:59:59.999999', '2000-02-29');
        INSERT INTO customers VALUES (3, 'O''Brien', 0.00, '1970-01-01 00:00:00.000001', '1970-01-01');
        """);

    List<Customer> customers = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, name, balance, updated_at, since FROM customers ORDER BY id")) {
      while (rows.next()) {
        customers.add(new Customer(rows.getInt("id"), rows.getString("name"), rows.getBigDecimal("balance"),
            rows.getObject("updated_at", LocalDateTime.class), rows.getObject("since", LocalDate.class)));
      }
    }

    assertThat(server.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:" + server.port() + "/crm");
    assertThat(customers).containsExactly(
        new Customer(1, "Jane Doe", new BigDecimal("12345678.90"), LocalDateTime.of(2024, 3, 1, 9, 15, 30, 123_456_000),
            LocalDate.of(2019, 7, 14)),
        new Customer(2, "Zoë; 東京", new BigDecimal("-0.01"), LocalDateTime.of(2024, 12, 31, 23, 59, 59, 999_999_000),
            LocalDate.of(2000, 2, 29)),
        new Customer(3, "O'Brien", new BigDecimal("0.00"), LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000),
            LocalDate.of(1970, 1, 1)));
  }

  @Test
  void aWrongPasswordIsRefused() {
    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.user(), "wrong").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Access denied");
  }

  @Test
  void aFailingStatementAfterTheFirstFailsTheScript() {
    assertThatThrownBy(() -> server.execute("SELECT 1;\nSELECT * FROM no_such_table;"))
        .hasMessageContaining("no_such_table");
  }
}

package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.secrets.Secrets;
import dev.glueetl.testing.ProjectFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./glue-etl run cinema} starts before the chain, without Spark: a PostgreSQL holding the bundled CRM, its
 * user's password reaching the jobs through the variable the pipeline names, and nothing left behind.
 */
class DemoDatabaseTest {
  @Test
  void aBuiltInPipelineReadingADatabaseGetsItsDemoDataUnderAFreshPassword() throws Exception {
    System.setProperty("glueetl.home", ProjectFiles.root().toString()); // as ./glue-etl sets it
    PipelineConfig cinema = PipelineConfig.load(ProjectFiles.pipeline("cinema").toString(), new Configuration());
    Path script = DemoDatabase.script(cinema).orElseThrow();
    assertThat(script).isEqualTo(ProjectFiles.root().resolve("test-data/cinema/database.sql"));
    assertThat(DemoDatabase.script(PipelineConfig.load(ProjectFiles.pipeline("cafe-orders").toString(), new Configuration()))).isEmpty();

    List<String> said = new ArrayList<>();
    String url;
    try (DemoDatabase demo = DemoDatabase.start(cinema, script, said::add)) {
      url = demo.url();
      String password = Secrets.fromProcess().environmentVariable("CINEMA_CRM_PASSWORD").orElseThrow();
      assertThat(password).hasSize(32);
      try (Connection connection = DriverManager.getConnection(url, "etl", password);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM memberships)")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(8); // as test-data/cinema/database.sql inserts them
        assertThat(rows.getLong(2)).isEqualTo(6);
      }
      assertThat(said).singleElement().asString().contains(url).contains("test-data/cinema/database.sql").doesNotContain(password);
    }
    assertThat(Secrets.fromProcess().environmentVariable("CINEMA_CRM_PASSWORD")).as("forgotten when the database stops").isEmpty();
    assertThat(Pipelines.isBuiltIn(ProjectFiles.pipeline("cinema").toString())).isTrue();
  }
}

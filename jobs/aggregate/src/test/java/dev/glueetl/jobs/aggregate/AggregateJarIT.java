package dev.glueetl.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.GlueJarAssert;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The aggregate job jar as built by {@code mvn package}. */
class AggregateJarIT {
  private static final Path JAR = Path.of(System.getProperty("glueetl.job.jar"));

  @Test
  void holdsTheJobAndRelocatedLibrariesButNothingGlueProvides() throws Exception {
    GlueJarAssert.assertGlueJobJar(
        JAR,
        "dev.glueetl.jobs.aggregate.AggregateJob",
        "dev/glueetl/jobs/aggregate/AggregateJob.class",
        "dev/glueetl/aggregate/Aggregate.class",
        "dev/glueetl/aggregate/JdbcExport.class",
        "dev/glueetl/shaded/org/postgresql/Driver.class");
  }

  @Test
  void theRelocatedPostgresDriverStillRegistersForJdbcPostgresqlUrls() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      List<String> drivers = new ArrayList<>();
      for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
        if (driver.acceptsURL("jdbc:postgresql://db.example:5432/analytics")) {
          drivers.add(driver.getClass().getName());
        }
      }
      assertThat(drivers).containsExactly("dev.glueetl.shaded.org.postgresql.Driver");
    }
  }
}

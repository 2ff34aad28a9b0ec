package dev.glueetl.jobs.quality;

import dev.glueetl.testing.GlueJarAssert;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The quality job jar as built by {@code mvn package}: Deequ and the DQDL parser relocated inside it (ANTLR and
 * Jackson are Spark's). glue-scripts' GlueScriptsIT runs it on the Glue-provided classpath alone, through its Scala
 * entry script, with the arguments of the deployed template.
 */
class QualityJarIT {
  private static final Path JAR = Path.of(System.getProperty("glueetl.job.jar"));

  @Test
  void holdsTheJobDeequAndTheDqdlParserRelocated() throws Exception {
    GlueJarAssert.assertGlueJobJar(
        JAR,
        "dev.glueetl.jobs.quality.QualityJob",
        "dev/glueetl/jobs/quality/QualityJob.class",
        "dev/glueetl/quality/RuleEvaluator.class",
        "dev/glueetl/shaded/com/amazon/deequ/VerificationSuite.class",
        "dev/glueetl/shaded/software/amazon/glue/dqdl/parser/DQDLParser.class",
        "rules/rules-config.json",
        // the report site's assets, read from the classpath when the job writes the site
        "dev/glueetl/quality/report/site.js",
        "META-INF/maven/org.webjars.npm/uplot/pom.properties",
        "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
  }
}

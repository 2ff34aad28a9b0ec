package dev.glueetl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.SparkTestSession;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Compiled or interpreted execution by input size, and a user's own setting left alone. */
class CodeGenerationTest {
  private final SparkSession spark = SparkTestSession.get();

  @AfterEach
  void backToDefaults() {
    spark.conf().unset(CodeGeneration.WHOLE_STAGE);
    spark.conf().unset(CodeGeneration.FACTORY_MODE);
  }

  @Test
  void inputsUnderTheThresholdRunInterpretedAndFromItOnCompiled() {
    SparkConf plain = new SparkConf(false);
    assertThat(CodeGeneration.choose(plain, 0)).isEqualTo(CodeGeneration.Mode.INTERPRETED);
    assertThat(CodeGeneration.choose(plain, 32L * 1024 * 1024 - 1)).isEqualTo(CodeGeneration.Mode.INTERPRETED);
    assertThat(CodeGeneration.choose(plain, 32L * 1024 * 1024)).isEqualTo(CodeGeneration.Mode.COMPILED);
  }

  @Test
  void aSettingMadeWhenTheSessionStartedIsLeftAlone() {
    assertThat(CodeGeneration.choose(new SparkConf(false).set("spark.sql.codegen.wholeStage", "true"), 10))
        .isEqualTo(CodeGeneration.Mode.CONFIGURED);
    assertThat(CodeGeneration.choose(new SparkConf(false).set("spark.sql.codegen.factoryMode", "CODEGEN_ONLY"), 1L << 40))
        .isEqualTo(CodeGeneration.Mode.CONFIGURED);
  }

  @Test
  void theSessionIsSwitchedBothWays() {
    assertThat(CodeGeneration.sizeFor(spark, 1000)).isEqualTo(CodeGeneration.Mode.INTERPRETED);
    assertThat(spark.conf().get("spark.sql.codegen.wholeStage")).isEqualTo("false");
    assertThat(spark.conf().get("spark.sql.codegen.factoryMode")).isEqualTo("NO_CODEGEN");
    assertThat(spark.range(5).selectExpr("sum(id * 2)").first().getLong(0)).isEqualTo(20L);

    assertThat(CodeGeneration.sizeFor(spark, 1L << 30)).isEqualTo(CodeGeneration.Mode.COMPILED);
    assertThat(spark.conf().get("spark.sql.codegen.wholeStage")).isEqualTo("true");
    assertThat(spark.conf().get("spark.sql.codegen.factoryMode")).isEqualTo("FALLBACK");
    assertThat(spark.range(5).selectExpr("sum(id * 2)").first().getLong(0)).isEqualTo(20L);
  }
}

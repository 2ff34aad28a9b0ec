package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CloudWatch metrics job arguments: off unless {@code --cloudwatch-metrics true}, validated when given. */
class CloudWatchArgumentsTest {

  @Test
  void metricsAreOffByDefaultEvenWithANamespaceOrEndpoint() {
    assertThat(JobArguments.parse("--pipeline", "p.yaml").cloudWatch()).isEmpty();
    assertThat(JobArguments.parse("--pipeline", "p.yaml", "--cloudwatch-namespace", "Mine", "--cloudwatch-endpoint", "http://127.0.0.1:1").cloudWatch()).isEmpty();
    assertThat(JobArguments.parse("--pipeline", "p.yaml", "--cloudwatch-metrics", "false").cloudWatch()).isEmpty();
  }

  @Test
  void trueSwitchesThemOnWithTheDefaultNamespaceAndTheSdkEndpoint() {
    assertThat(JobArguments.parse("--pipeline", "p.yaml", "--cloudwatch-metrics", "true").cloudWatch())
        .contains(new CloudWatchTarget("GlueEtl", Optional.empty()));
    assertThat(JobArguments.parse("--pipeline=p.yaml", "--cloudwatch-metrics=TRUE", "--cloudwatch-namespace=Team/Etl dev", "--cloudwatch-endpoint=https://monitoring.eu-west-1.amazonaws.com").cloudWatch())
        .contains(new CloudWatchTarget("Team/Etl dev", Optional.of(URI.create("https://monitoring.eu-west-1.amazonaws.com"))));
    assertThat(JobArguments.parse("--pipeline", "p.yaml", "--cloudwatch-metrics", "true").ignored()).isEmpty();
  }

  @Test
  void rejectsASwitchThatIsNotABooleanANamespaceCloudWatchRejectsAndAnEndpointThatIsNoHttpUrl() {
    assertInvalid("--cloudwatch-metrics", "--pipeline", "p.yaml", "--cloudwatch-metrics", "yes");
    assertInvalid("--cloudwatch-namespace", "--pipeline", "p.yaml", "--cloudwatch-namespace", "AWS/Glue");
    assertInvalid("--cloudwatch-namespace", "--pipeline", "p.yaml", "--cloudwatch-namespace", ":GlueEtl");
    assertInvalid("--cloudwatch-namespace", "--pipeline", "p.yaml", "--cloudwatch-namespace", "Glue€tl");
    assertInvalid("--cloudwatch-namespace", "--pipeline", "p.yaml", "--cloudwatch-namespace", "x".repeat(256));
    assertInvalid("--cloudwatch-endpoint", "--pipeline", "p.yaml", "--cloudwatch-endpoint", "ftp://127.0.0.1:21");
    assertInvalid("--cloudwatch-endpoint", "--pipeline", "p.yaml", "--cloudwatch-endpoint", "monitoring.amazonaws.com");
    assertInvalid("--cloudwatch-endpoint", "--pipeline", "p.yaml", "--cloudwatch-endpoint", "https://user:pw@monitoring.amazonaws.com");
    // a value is required, as for every argument of ours
    assertInvalid("--cloudwatch-metrics", "--pipeline", "p.yaml", "--cloudwatch-metrics", "--lake", "l");
  }

  private static void assertInvalid(String key, String... args) {
    assertThatThrownBy(() -> JobArguments.parse(args))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID);
              assertThat(e.parameters()).containsEntry("key", key);
            });
  }
}

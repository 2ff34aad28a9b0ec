package dev.glueetl.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.config.CustomerKeyConfig;
import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.secrets.Secrets;
import dev.glueetl.testing.FakeSecretsManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomerKeysTest {
  private final List<String> warnings = new ArrayList<>();

  @Test
  void isHmacSha256AsHex() {
    // RFC 4231, test case 2
    CustomerKeys.Key key = new CustomerKeys.Key("Jefe".getBytes(StandardCharsets.UTF_8), "test");
    assertThat(CustomerKeys.customerKey(key, "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void normalisesTheNameByTrimmingAndLowerCasing() {
    CustomerKeys.Key key = new CustomerKeys.Key("k".getBytes(StandardCharsets.UTF_8), "test");
    assertThat(CustomerKeys.customerKey(key, "  Hana SATO ")).isEqualTo(CustomerKeys.customerKey(key, "hana sato"));
    assertThat(CustomerKeys.customerKey(key, "hana sato")).isNotEqualTo(CustomerKeys.customerKey(new CustomerKeys.Key("other".getBytes(StandardCharsets.UTF_8), "t"), "hana sato"));
  }

  @Test
  void takesTheKeyFromTheNamedEnvironmentVariable() {
    CustomerKeys.Key key = CustomerKeys.resolve(config("CAFE_KEY", null, false), new Secrets(Map.of("CAFE_KEY", "s3cret")::get), warnings::add);

    assertThat(new String(key.secret(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
    assertThat(key.source()).isEqualTo("environment variable CAFE_KEY");
    assertThat(warnings).isEmpty();
  }

  @Test
  void withoutAKeyUsesTheDevelopmentKeyAndWarns() {
    CustomerKeys.Key key = CustomerKeys.resolve(config("CAFE_KEY", null, false), new Secrets(Map.<String, String>of()::get), warnings::add);

    assertThat(new String(key.secret(), StandardCharsets.UTF_8)).isEqualTo(CustomerKeys.DEVELOPMENT_KEY);
    assertThat(warnings).singleElement().asString().contains("CAFE_KEY").contains("development key");
  }

  @Test
  void withRequireAMissingKeyIsAnError() {
    assertThatThrownBy(() -> CustomerKeys.resolve(config("CAFE_KEY", null, true), new Secrets(Map.<String, String>of()::get), warnings::add))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SECRET_UNAVAILABLE);
              assertThat(e.parameters()).containsEntry("source", "environment variable CAFE_KEY");
            });
  }

  @Test
  void takesTheKeyFromSecretsManagerWhenASecretIdIsNamed() throws Exception {
    try (FakeSecretsManager secretsManager = FakeSecretsManager.start().withSecret("cafe/customer-key", "{\"key\":\"from-secrets-manager\"}")) {
      withSystemProperties(
          secretsManager.sdkSystemProperties(),
          () -> {
            CustomerKeyConfig config = new CustomerKeyConfig(Optional.of("CAFE_KEY"), Optional.of("cafe/customer-key"), Optional.of("key"), true);
            CustomerKeys.Key key = CustomerKeys.resolve(config, new Secrets(Map.of("CAFE_KEY", "not-this-one")::get), warnings::add);
            assertThat(new String(key.secret(), StandardCharsets.UTF_8)).isEqualTo("from-secrets-manager");
            assertThat(key.source()).isEqualTo("AWS Secrets Manager secret cafe/customer-key");

            CustomerKeyConfig missing = new CustomerKeyConfig(Optional.empty(), Optional.of("cafe/nope"), Optional.empty(), true);
            assertThatThrownBy(() -> CustomerKeys.resolve(missing, Secrets.fromProcess(), warnings::add))
                .isInstanceOfSatisfying(
                    GlueEtlException.class,
                    e -> {
                      assertThat(e.code()).isEqualTo(ErrorCode.SECRET_UNAVAILABLE);
                      assertThat(e.getMessage()).contains("cafe/nope").contains("can't find the specified secret");
                    });
          });
      assertThat(secretsManager.requestedIds()).containsExactly("cafe/customer-key", "cafe/nope");
    }
  }

  private static CustomerKeyConfig config(String env, String secretId, boolean require) {
    return new CustomerKeyConfig(Optional.ofNullable(env), Optional.ofNullable(secretId), Optional.empty(), require);
  }

  static void withSystemProperties(Map<String, String> properties, Runnable body) {
    properties.forEach(System::setProperty);
    try {
      body.run();
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }
}

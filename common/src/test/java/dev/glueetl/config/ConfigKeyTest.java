package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
  private static final String MINIMAL =
      """
      name: cafe
      source:
        type: orders
        path: landing/
        format: csv
        fields: {order_time: Date, store: Store, basket: Items, total: Total, payment_method: Payment}
      """;

  @Test
  void aDefaultIsWrittenAsInAFileAndReadTheSameWay() {
    assertThat(ConfigKey.duration("gap").defaultsTo("90m").defaultValue()).isEqualTo(Duration.ofMinutes(90));
    assertThat(ConfigKey.textList("sizes", "words").defaultsTo(java.util.List.of("S")).defaultValue()).containsExactly("S");
    // a default the key would refuse in a file fails where it is declared
    GlueEtlException badDefault = catchThrowableOfType(GlueEtlException.class, () -> ConfigKey.duration("gap").defaultsTo("soon"));
    assertThat(badDefault.code()).isEqualTo(ErrorCode.CONFIG_INVALID_VALUE);
    assertThat(badDefault.parameters()).containsEntry("key", "gap").containsEntry("found", "soon");
  }

  @Test
  void emptySectionsReadAsTheDeclaredDefaults() {
    PipelineConfig absent = PipelineConfig.parse("p.yaml", MINIMAL);
    PipelineConfig empty = PipelineConfig.parse("p.yaml", MINIMAL + "sessions: {}\ndedupe: {}\nvalidation: {}\norders: {customer_key: {}}\n");

    assertThat(empty.sessions()).isEqualTo(absent.sessions()).isEqualTo(new SessionsConfig(Duration.ofMinutes(30)));
    assertThat(empty.dedupe()).isEqualTo(absent.dedupe()).isEqualTo(new DedupeConfig(Duration.ofDays(7)));
    assertThat(empty.validation()).isEqualTo(absent.validation()).isEqualTo(ValidationConfig.defaults());
    assertThat(empty.orders()).isEqualTo(absent.orders()).isEqualTo(OrdersConfig.defaults());
    assertThat(empty.orders().totalTolerance()).isEqualTo(new BigDecimal("0.005"));
    assertThat(empty.orders().customerKey().secretEnv()).contains("GLUE_ETL_CUSTOMER_KEY");
    assertThat(empty.source().header()).isEqualTo(HeaderMode.AUTO);
  }

  @Test
  void anUnknownKeyNamesTheDeclaredKeysOfItsSection() {
    GlueEtlException source = error(MINIMAL.replace("  format: csv", "  format: csv\n  formt: csv"));
    assertThat(source.code()).isEqualTo(ErrorCode.CONFIG_UNKNOWN_KEY);
    assertThat(source.parameters())
        .containsEntry("key", "source.formt")
        .containsEntry("known", "encoding, fields, format, header, options, path, payload, tables, time_format, timezone, type");

    GlueEtlException trigger = error(MINIMAL + "workflow:\n  jobs: {load: {type: preprocess}}\n  triggers:\n    - {name: go, type: on_demand, actions: load, when: now}\n");
    assertThat(trigger.parameters()).containsEntry("key", "workflow.triggers[0].when").containsEntry("known", "actions, conditions, logical, name, schedule, type");
  }

  @Test
  void aRefusedKeyIsNeverEchoed() {
    GlueEtlException e = error(MINIMAL + "orders:\n  customer_key: {key: s3cr3t}\n");
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID_VALUE);
    assertThat(e.parameters()).containsEntry("key", "orders.customer_key.key").containsEntry("found", "(a key)");
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void checksAfterTheTypeSayWhatPasses() {
    assertThat(error(MINIMAL + "orders: {total_tolerance: -0.5}\n").parameters())
        .containsEntry("key", "orders.total_tolerance")
        .containsEntry("expected", "an amount of 0 or more");
    assertThat(error(MINIMAL + "orders: {total_tolerance: lots}\n").parameters()).containsEntry("expected", "an amount such as 0.005");
    assertThat(error(MINIMAL + "orders: {customer_key: {secret_env: 'MY-KEY'}}\n").parameters())
        .containsEntry("key", "orders.customer_key.secret_env")
        .containsEntry("expected", "an environment variable name such as CAFE_CUSTOMER_KEY");
    assertThat(error(MINIMAL.replace("  format: csv", "  format: csv\n  header: sometimes")).parameters())
        .containsEntry("key", "source.header")
        .containsEntry("expected", "auto, true or false");
  }

  @Test
  void aKeyReadsThroughItsDeclaration() {
    ConfigNode node = ConfigNode.root("p.yaml", Map.of("gap", "5m"));
    assertThat(SessionsConfig.INACTIVITY_GAP.optional(node)).isEmpty();
    assertThat(SessionsConfig.INACTIVITY_GAP.read(node)).isEqualTo(Duration.ofMinutes(30));
    assertThat(ConfigKey.duration("gap").read(node)).isEqualTo(Duration.ofMinutes(5));
    assertThat(catchThrowableOfType(GlueEtlException.class, () -> ConfigKey.text("id", "an id").required().read(node)).parameters())
        .containsEntry("key", "id")
        .containsEntry("expected", "an id");
  }

  private static GlueEtlException error(String yaml) {
    GlueEtlException e = catchThrowableOfType(GlueEtlException.class, () -> PipelineConfig.parse("p.yaml", yaml));
    assertThat(e).as("the error for:%n%s", yaml).isNotNull();
    return e;
  }
}

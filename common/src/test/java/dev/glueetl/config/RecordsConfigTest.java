package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.sql.QueryText;
import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * The {@code records} source as written: the example pipeline of docs/records.md and the built-in cinema parse, and each
 * mistake a pipeline author makes is one error naming the key, before Spark starts.
 */
class RecordsConfigTest {
  private static final String EXAMPLE_PAGE = "docs/records.md";
  private static final String TABLE =
      """
      name: t
      lake: lake
      source:
        type: records
        path: landing
        tables:
          - name: items
            path: items
            columns:
              - {name: id, nullable: false}
              - {name: price, type: "decimal(6,2)", min: 0}
              - {name: day, type: date, format: dd/MM/yyyy}
              - {name: updated_at, type: timestamp}
            key: [id]
            order_by: updated_at
      """;

  @Test
  void theDocumentedExampleIsAPipelineOfUnderFiftyLinesThatParses() throws IOException {
    String page = Files.readString(ProjectFiles.root().resolve(EXAMPLE_PAGE));
    Matcher block = Pattern.compile("```yaml\n(name: bike-rentals\n.*?)```", Pattern.DOTALL).matcher(page);
    assertThat(block.find()).as("%s's example records pipeline (```yaml name: bike-rentals ...)", EXAMPLE_PAGE).isTrue();
    String yaml = block.group(1);
    assertThat(yaml.lines().count()).isLessThan(50);

    PipelineConfig pipeline = PipelineConfig.parse(EXAMPLE_PAGE, yaml);

    assertThat(pipeline.source().type()).isEqualTo(SourceType.RECORDS);
    assertThat(pipeline.source().tables()).extracting(RecordTableConfig::name).containsExactly("rentals", "stations");
    RecordTableConfig rentals = pipeline.source().table("rentals").orElseThrow();
    assertThat(pipeline.source().pathOf(rentals)).isEqualTo("s3a://acme-landing/bike-rentals/rentals");
    assertThat(rentals.column("station_id").orElseThrow().from()).isEqualTo("Start station");
    assertThat(rentals.column("price").orElseThrow().type()).isEqualTo(DataTypes.createDecimalType(6, 2));
    assertThat(rentals.keep()).isEqualTo(RecordTableConfig.Keep.FIRST);
    assertThat(pipeline.source().table("stations").orElseThrow().jdbc().orElseThrow().incrementalColumn()).contains("updated_at");
    QueryText.requireSingleQuery(pipeline.metrics().get(0).sql(), EXAMPLE_PAGE);
    assertThat(pipeline.quality().get(0).ruleset().getRules()).hasSize(2);
  }

  @Test
  void theCinemaPipelineDeclaresItsTablesAndTheirPolicies() {
    PipelineConfig cinema = PipelineConfig.load(ProjectFiles.pipeline("cinema").toString(), new org.apache.hadoop.conf.Configuration());

    assertThat(cinema.source().tables()).extracting(RecordTableConfig::name).containsExactly("customers", "memberships", "screenings", "tickets", "concessions");
    assertThat(cinema.source().table("customers").orElseThrow().history()).isEqualTo(RecordTableConfig.History.SCD2);
    assertThat(cinema.source().table("tickets").orElseThrow().keep()).isEqualTo(RecordTableConfig.Keep.FIRST);
    assertThat(cinema.source().table("memberships").orElseThrow().jdbc().orElseThrow().splitColumn()).contains("membership_id");
    assertThat(cinema.source().pathOf(cinema.source().table("tickets").orElseThrow())).isEqualTo("test-data/cinema/pos/tickets");
    assertThat(cinema.withOverrides(JobArguments.parse("--pipeline", "p", "--input", "s3a://b/pos", "--jdbc-url", "jdbc:postgresql://db:5432/crm")).source())
        .satisfies(
            source -> {
              assertThat(source.pathOf(source.table("tickets").orElseThrow())).isEqualTo("s3a://b/pos/tickets");
              assertThat(source.table("customers").orElseThrow().jdbc().orElseThrow().url()).isEqualTo("jdbc:postgresql://db:5432/crm");
            });
  }

  @Test
  void eachMistakeIsOneErrorNamingItsKey() {
    assertError(TABLE.replace("      key: [id]\n", "      key: [id]\n      colour: red\n"), ErrorCode.CONFIG_UNKNOWN_KEY, "source.tables[0].colour");
    assertError(TABLE.replace("path: items", "path: items\n      jdbc: {url: 'jdbc:postgresql://h/db', user: u, password_env: P, table: t}"), ErrorCode.CONFIG_MISSING_KEY, "source.tables[0].path");
    assertError(TABLE.replace("      order_by: updated_at\n", ""), ErrorCode.CONFIG_MISSING_KEY, "source.tables[0].order_by");
    assertError(TABLE.replace("key: [id]", "key: [id]\n      keep: first"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].order_by");
    assertError(TABLE.replace("key: [id]", "key: [id]\n      keep: last"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].order_by");
    assertError(TABLE.replace("key: [id]", "key: [sku]"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].key");
    assertError(TABLE.replace("key: [id]", "key: [id]\n      partition: price"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].partition");
    assertError(TABLE.replace("type: \"decimal(6,2)\"", "type: money"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].columns[1].type");
    assertError(TABLE.replace("min: 0", "min: zero"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].columns[1].min");
    assertError(TABLE.replace("{name: id, nullable: false}", "{name: id, nullable: false, format: iso8601}"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].columns[0].format");
    assertError(TABLE.replace("      order_by: updated_at\n", "      order_by: id\n      history: scd2\n"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].order_by");
    assertError(TABLE.replace("  path: landing\n", "  path: landing\n  format: csv\n"), ErrorCode.CONFIG_INVALID_VALUE, "source.format");
    assertError("name: t\nsource: {type: records, tables: []}\n", ErrorCode.CONFIG_MISSING_KEY, "source.tables");
  }

  @Test
  void aDatabasePasswordIsNeverInTheFileNorInTheUrl() {
    String jdbc = TABLE.replace("path: items", "jdbc: {url: 'jdbc:postgresql://h:5432/crm', user: etl, password_env: CRM_PASSWORD, table: public.items}");
    PipelineConfig parsed = PipelineConfig.parse("p.yaml", jdbc);
    assertThat(parsed.source().tables().get(0).jdbc().orElseThrow().password().env()).contains("CRM_PASSWORD");

    assertError(jdbc.replace("password_env: CRM_PASSWORD", "password: hunter2"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].jdbc.password", "hunter2");
    assertError(jdbc.replace("h:5432/crm", "h:5432/crm?password=hunter2"), ErrorCode.CONFIG_INVALID_VALUE, "source.tables[0].jdbc.url", "hunter2");
    assertError(jdbc.replace("password_env: CRM_PASSWORD, ", ""), ErrorCode.CONFIG_MISSING_KEY, "source.tables[0].jdbc.password_env");
    assertThatThrownBy(() -> JobArguments.parse("--pipeline", "p", "--jdbc-url", "jdbc:postgresql://u:hunter2@h/db"))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  private static void assertError(String yaml, ErrorCode code, String key, String... neverShown) {
    assertThatThrownBy(() -> PipelineConfig.parse("p.yaml", yaml))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
              assertThat(e.parameters()).as(e.getMessage()).containsEntry("key", key);
              for (String secret : List.of(neverShown)) {
                assertThat(e.getMessage()).doesNotContain(secret);
              }
            });
  }

}

package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.lake.Zone;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.workflow.LineageGraph;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** {@code zones:}: the default, the checks of a declared list, gates on declared zones only, the workflow it implies. */
class ZonesConfigTest {
  private static final String RECORDS =
      "source: {type: records, path: in, tables: [{name: t, path: t, format: csv, columns: [{name: id, nullable: false}], key: [id], keep: first}]}\n";

  private static PipelineConfig parse(String extra) {
    return PipelineConfig.parse("p.yaml", "name: p\n" + RECORDS + extra);
  }

  private static void refused(ThrowingCallable parse, ErrorCode code, String key) {
    assertThatThrownBy(parse).isInstanceOfSatisfying(GlueEtlException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.parameters()).containsEntry("key", key);
    });
  }

  @Test
  void withoutZonesAPipelineKeepsTodaysZonesAndChain() {
    PipelineConfig pipeline = parse("");
    assertThat(pipeline.zones()).containsExactly(Zone.LANDING, Zone.TRUSTED, Zone.CURATED);
    assertThat(pipeline.hasRawZone()).isFalse();
    assertThat(pipeline.workflow()).isEqualTo(WorkflowConfig.defaults());
    assertThat(pipeline.workflow().jobs().keySet()).containsExactly("preprocess", "quality-trusted", "aggregate", "quality-curated");
    assertThat(parse("zones: [landing, trusted, curated]\n").workflow()).isEqualTo(WorkflowConfig.defaults());
  }

  @Test
  void aRawZoneSplitsPreprocessAndGivesEachZoneItsGate() {
    WorkflowConfig workflow = parse("zones: [landing, raw, trusted, curated]\n").workflow();
    assertThat(workflow.jobs().values().stream().map(j -> j.name() + " " + j.type().yamlName() + " " + j.args()).toList())
        .containsExactly(
            "ingest preprocess {--zone=raw}", "quality-raw quality {--zone=raw}", "promote preprocess {--zone=trusted}",
            "quality-trusted quality {--zone=trusted}", "aggregate aggregate {}", "quality-curated quality {--zone=curated}");
    assertThat(workflow.triggers().stream().map(t -> t.name() + ": " + t.conditions() + " -> " + t.actions()).toList())
        .containsExactly(
            "start: [] -> [ingest]",
            "after-ingest: [Condition[job=ingest, state=SUCCEEDED]] -> [quality-raw]",
            "after-quality-raw: [Condition[job=quality-raw, state=SUCCEEDED]] -> [promote]",
            "after-promote: [Condition[job=promote, state=SUCCEEDED]] -> [quality-trusted]",
            "after-quality-trusted: [Condition[job=quality-trusted, state=SUCCEEDED]] -> [aggregate]",
            "after-aggregate: [Condition[job=aggregate, state=SUCCEEDED]] -> [quality-curated]");
    assertThat(workflow.problem()).isNull();
  }

  @Test
  void unknownZonesWrongOrderAndMissingTrustedAreRefused() throws java.io.IOException {
    refused(() -> parse("zones: [landing, bronze, trusted, curated]\n"), ErrorCode.CONFIG_INVALID_VALUE, "zones");
    refused(() -> parse("zones: [landing, quarantine, trusted, curated]\n"), ErrorCode.CONFIG_INVALID_VALUE, "zones");
    refused(() -> parse("zones: [landing, trusted, raw, curated]\n"), ErrorCode.CONFIG_INVALID_VALUE, "zones");
    refused(() -> parse("zones: [raw, trusted, curated]\n"), ErrorCode.CONFIG_INVALID_VALUE, "zones");
    refused(() -> parse("zones: [landing, raw, curated]\n"), ErrorCode.CONFIG_INVALID_VALUE, "zones");
    refused(() -> parse("zones: [landing, trusted]\n"), ErrorCode.CONFIG_INVALID_VALUE, "zones");
    refused(() -> parse("zones: [landing, raw, raw, trusted, curated]\n"), ErrorCode.CONFIG_INVALID_VALUE, "zones");
    // a raw zone is a records pipeline's: events and orders have no typed copy of their own
    refused(
        () -> PipelineConfig.parse(
            ProjectFiles.pipeline("app-events").toString(), java.nio.file.Files.readString(ProjectFiles.pipeline("app-events")) + "\nzones: [landing, raw, trusted, curated]\n"),
        ErrorCode.CONFIG_INVALID_VALUE, "zones");
  }

  @Test
  void aGateOnAZoneThePipelineDoesNotDeclareIsRefused() {
    String rawGate = "quality: [{table: raw.t, rules: 'Rules = [ RowCount > 0 ]'}]\n";
    refused(() -> parse(rawGate), ErrorCode.CONFIG_INVALID_VALUE, "quality[0].table");
    refused(() -> parse("quality: [{table: landing.t, rules: 'Rules = [ RowCount > 0 ]'}]\n"), ErrorCode.CONFIG_INVALID_VALUE, "quality[0].table");
    PipelineConfig gated = parse("zones: [landing, raw, trusted, curated]\n" + rawGate);
    assertThat(gated.quality().get(0).table().zone()).isEqualTo(Zone.RAW);
  }

  @Test
  void theLineageOfARawZoneGoesLandingRawTrusted() {
    PipelineConfig academics = PipelineConfig.load(ProjectFiles.pipeline("academics").toString(), new org.apache.hadoop.conf.Configuration(false));
    List<String> data =
        LineageGraph.of(academics).edges().stream()
            .filter(e -> e.flow() == LineageGraph.Flow.DATA && (e.from().startsWith("job:ingest") || e.to().startsWith("job:ingest") || e.from().startsWith("job:promote") || e.to().startsWith("job:promote")))
            .map(e -> e.from().replaceAll("^source:.*", "source") + " -> " + e.to())
            .toList();
    assertThat(data)
        .containsExactly(
            "source -> job:ingest", "job:ingest -> table:academics_raw.attendance", "job:ingest -> table:academics_quarantine.attendance",
            "table:academics_raw.attendance -> job:promote", "job:promote -> table:academics_trusted.attendance", "job:promote -> table:academics_quarantine.attendance");
    assertThat(LineageGraph.of(academics).edges())
        .anyMatch(e -> e.from().equals("table:academics_raw.attendance") && e.flow() == LineageGraph.Flow.CHECK);
  }
}

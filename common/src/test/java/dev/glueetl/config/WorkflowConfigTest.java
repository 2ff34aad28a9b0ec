package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.ProjectFiles;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class WorkflowConfigTest {
  private static final String PIPELINE =
      """
      name: app-events
      source:
        type: events
        path: landing/
        fields: {user_id: data.userId, event_time: meta.timestamp, event_name: meta.type}
      """;

  private static final String JOBS =
      """
      workflow:
        jobs:
          load: {type: preprocess, timeout_minutes: 20, max_retries: 1}
          check: {type: quality, args: {--zone: trusted}}
        triggers:
      """;

  @Test
  void withoutAWorkflowSectionThePipelineGetsTheDefaultChain() {
    WorkflowConfig workflow = PipelineConfig.parse("p.yaml", PIPELINE).workflow();
    assertThat(workflow).isEqualTo(WorkflowConfig.defaults());
    assertThat(workflow.jobs().keySet()).containsExactly("preprocess", "quality-trusted", "aggregate", "quality-curated");
    assertThat(workflow.startTrigger().schedule()).isEqualTo("cron(0 */2 * * ? *)");
  }

  @Test
  void theBuiltInPipelinesSpellOutTheDefaultChain() {
    for (String name : List.of("app-events", "cafe-orders")) {
      assertThat(PipelineConfig.load(ProjectFiles.pipeline(name).toString(), new Configuration()).workflow()).as(name).isEqualTo(WorkflowConfig.defaults());
    }
  }

  @Test
  void jobsAndTriggersAreParsedWithTheirDefaults() {
    WorkflowConfig workflow =
        PipelineConfig.parse(
                "p.yaml",
                PIPELINE + JOBS
                    + "    - {name: go, type: on_demand, actions: load}\n"
                    + "    - {name: then, type: conditional, logical: any, conditions: [{job: load}, {job: load, state: timeout}], actions: [check]}\n")
            .workflow();

    assertThat(workflow.jobs().get("load")).isEqualTo(new WorkflowConfig.Job("load", JobType.PREPROCESS, Map.of(), 20, 1));
    assertThat(workflow.jobs().get("check")).isEqualTo(new WorkflowConfig.Job("check", JobType.QUALITY, Map.of("--zone", "trusted"), 60, 0));
    assertThat(workflow.triggers())
        .containsExactly(
            new WorkflowConfig.Trigger("go", WorkflowConfig.TriggerType.ON_DEMAND, "", WorkflowConfig.Logical.AND, List.of(), List.of("load")),
            new WorkflowConfig.Trigger(
                "then", WorkflowConfig.TriggerType.CONDITIONAL, "", WorkflowConfig.Logical.ANY,
                List.of(new WorkflowConfig.Condition("load", RunState.SUCCEEDED), new WorkflowConfig.Condition("load", RunState.TIMEOUT)),
                List.of("check")));
  }

  @Test
  void aBrokenGraphIsRejectedWithWhatIsWrong() {
    String start = "    - {name: start, type: scheduled, actions: [load]}\n";
    String then = "    - {name: then, type: conditional, conditions: [{job: load}], actions: [check]}\n";
    assertGraphProblem(JOBS + then, "0 start triggers (scheduled or on_demand); a workflow has exactly one");
    assertGraphProblem(JOBS + start + start.replace("start,", "again,") + then, "2 start triggers (scheduled or on_demand); a workflow has exactly one");
    assertGraphProblem(JOBS + start + then.replace("[check]", "[publish]"), "trigger 'then' starts unknown job 'publish'");
    assertGraphProblem(JOBS + start + then.replace("{job: load}", "{job: loader}"), "trigger 'then' watches unknown job 'loader'");
    assertGraphProblem(JOBS + start + then + then, "trigger name 'then' used twice");
    assertGraphProblem(JOBS + start, "job 'check' is started by no trigger");
    assertGraphProblem(
        JOBS + start + then + "    - {name: back, type: conditional, conditions: [{job: check, state: FAILED}], actions: [load]}\n",
        "job 'load' can trigger itself again (a cycle)");
  }

  @Test
  void invalidValuesNameTheirKey() {
    String start = "    - {name: start, type: scheduled, actions: [load, check]}\n";
    assertInvalid(JOBS.replace("type: quality", "type: report") + start, "workflow.jobs.check.type");
    assertInvalid(JOBS.replace("check:", "Check_Job:") + start.replace("check]", "Check_Job]"), "workflow.jobs.Check_Job");
    assertInvalid(JOBS.replace("--zone", "--pipeline") + start, "workflow.jobs.check.args");
    assertInvalid(JOBS + start.replace("type: scheduled", "type: scheduled, schedule: 'every 2 hours'"), "workflow.triggers[0].schedule");
    assertInvalid(JOBS + start + "    - {name: t, type: conditional, logical: XOR, conditions: [{job: load}], actions: [check]}\n", "workflow.triggers[1].logical");
    assertInvalid(JOBS + start + "    - {name: t, type: conditional, conditions: [{job: load, state: DONE}], actions: [check]}\n", "workflow.triggers[1].conditions[0].state");
    // run states no trigger can wait for
    assertInvalid(JOBS + start + "    - {name: t, type: conditional, conditions: [{job: load, state: running}], actions: [check]}\n", "workflow.triggers[1].conditions[0].state");
    assertInvalid(JOBS + start + "    - {name: t, type: conditional, conditions: [{job: load, state: NOT_RUN}], actions: [check]}\n", "workflow.triggers[1].conditions[0].state");
    assertInvalid(JOBS + start.replace("scheduled", "hourly"), "workflow.triggers[0].type");
  }

  private static void assertGraphProblem(String workflow, String problem) {
    GlueEtlException e = error(PIPELINE + workflow);
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID_VALUE);
    assertThat(e.parameters()).containsEntry("key", "workflow.triggers").containsEntry("found", problem);
  }

  private static void assertInvalid(String workflow, String key) {
    GlueEtlException e = error(PIPELINE + workflow);
    assertThat(e.code()).as(workflow).isEqualTo(ErrorCode.CONFIG_INVALID_VALUE);
    assertThat(e.parameters()).as(workflow).containsEntry("key", key).containsEntry("file", "p.yaml");
  }

  private static GlueEtlException error(String yaml) {
    try {
      PipelineConfig.parse("p.yaml", yaml);
    } catch (GlueEtlException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + yaml);
  }
}

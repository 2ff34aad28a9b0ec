package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A pipeline's workflow: its jobs and the triggers between them, defined once and used by the CloudFormation template
 * ({@code workflow.CloudFormationTemplate}) and the local runner ({@code workflow.WorkflowRunner}) alike.
 *
 * <pre>
 * workflow:
 *   jobs:
 *     preprocess: {type: preprocess}
 *     quality-trusted: {type: quality, args: {--zone: trusted}}
 *   triggers:
 *     - {name: start, type: scheduled, schedule: "cron(0 *&#47;2 * * ? *)", actions: [preprocess]}
 *     - {name: after-preprocess, type: conditional, logical: AND, conditions: [{job: preprocess, state: SUCCEEDED}], actions: [quality-trusted]}
 * </pre>
 *
 * Exactly one start trigger (scheduled or on demand); conditional triggers watch job states (SUCCEEDED, FAILED, TIMEOUT,
 * STOPPED) with AND or ANY; every name resolves and the graph has no cycle.
 */
public record WorkflowConfig(Map<String, Job> jobs, List<Trigger> triggers) {

  /** A job of the workflow: its type and the arguments it adds to the pipeline's. */
  public record Job(String name, JobType type, Map<String, String> args, int timeoutMinutes, int maxRetries) {}

  public enum TriggerType {
    SCHEDULED,
    ON_DEMAND,
    CONDITIONAL
  }

  /** How a conditional trigger combines its conditions. */
  public enum Logical {
    /** Every condition holds. */
    AND,
    /** At least one condition holds. */
    ANY
  }

  /** A condition of a conditional trigger: the named job ended in {@code state}, one of {@link RunState#CONDITION_STATES}. */
  public record Condition(String job, RunState state) {}

  /**
   * A trigger.
   *
   * @param schedule a Glue cron expression, for scheduled triggers
   * @param logical how the conditions of a conditional trigger combine
   */
  public record Trigger(String name, TriggerType type, String schedule, Logical logical, List<Condition> conditions, List<String> actions) {
    public boolean isStart() {
      return type != TriggerType.CONDITIONAL;
    }
  }

  public static final String DEFAULT_SCHEDULE = "cron(0 */2 * * ? *)";

  /**
   * The default chain of both built-in pipelines: every 2 hours preprocess; when it SUCCEEDED, quality of the trusted
   * tables; when that SUCCEEDED, aggregate; when that SUCCEEDED, quality of the curated tables.
   */
  public static WorkflowConfig defaults() {
    Map<String, Job> jobs = new LinkedHashMap<>();
    jobs.put("preprocess", new Job("preprocess", JobType.PREPROCESS, Map.of(), 60, 0));
    jobs.put("quality-trusted", new Job("quality-trusted", JobType.QUALITY, Map.of("--zone", "trusted"), 30, 0));
    jobs.put("aggregate", new Job("aggregate", JobType.AGGREGATE, Map.of(), 60, 0));
    jobs.put("quality-curated", new Job("quality-curated", JobType.QUALITY, Map.of("--zone", "curated"), 30, 0));
    List<Trigger> triggers =
        List.of(
            new Trigger("start", TriggerType.SCHEDULED, DEFAULT_SCHEDULE, Logical.AND, List.of(), List.of("preprocess")),
            new Trigger("after-preprocess", TriggerType.CONDITIONAL, "", Logical.AND, List.of(new Condition("preprocess", RunState.SUCCEEDED)), List.of("quality-trusted")),
            new Trigger("after-quality-trusted", TriggerType.CONDITIONAL, "", Logical.AND, List.of(new Condition("quality-trusted", RunState.SUCCEEDED)), List.of("aggregate")),
            new Trigger("after-aggregate", TriggerType.CONDITIONAL, "", Logical.AND, List.of(new Condition("aggregate", RunState.SUCCEEDED)), List.of("quality-curated")));
    return new WorkflowConfig(jobs, triggers);
  }

  public Trigger startTrigger() {
    return triggers.stream().filter(Trigger::isStart).findFirst().orElseThrow();
  }

  public static WorkflowConfig parse(ConfigNode node) {
    node.rejectUnknownKeys(List.of("jobs", "triggers"));
    Map<String, Job> jobs = new LinkedHashMap<>();
    ConfigNode jobsNode = node.requiredSection("jobs", "the workflow's jobs by name, each with a type: preprocess, aggregate or quality");
    for (String name : jobsNode.keys()) {
      if (!name.matches("[a-z][a-z0-9-]*")) {
        throw Errors.invalidValue(jobsNode.keyOf(name), node.file(), name, "a job name of lower-case letters, digits and '-'");
      }
      ConfigNode jobNode = jobsNode.requiredSection(name, "type and optional args, timeout_minutes, max_retries");
      jobNode.rejectUnknownKeys(List.of("type", "args", "timeout_minutes", "max_retries"));
      String typeText = jobNode.requiredString("type", "preprocess, aggregate or quality");
      JobType type = jobNode.enumValue(JobType.class, "type", typeText, "preprocess, aggregate or quality");
      Map<String, String> args = jobNode.stringMap("args");
      for (String key : args.keySet()) {
        if (!key.startsWith("--") || List.of("--pipeline", "--lake").contains(key)) {
          throw Errors.invalidValue(jobNode.keyOf("args"), node.file(), key, "--key job arguments other than --pipeline and --lake, which the deployment sets");
        }
      }
      jobs.put(name, new Job(name, type, args, jobNode.integer("timeout_minutes", 60, 1, 2880), jobNode.integer("max_retries", 0, 0, 10)));
    }
    List<Trigger> triggers = new ArrayList<>();
    for (ConfigNode t : node.sectionList("triggers", "a list of triggers with name, type, actions and, for conditional ones, logical and conditions")) {
      t.rejectUnknownKeys(List.of("name", "type", "schedule", "logical", "conditions", "actions"));
      String name = t.requiredString("name", "a trigger name");
      String typeText = t.requiredString("type", "scheduled, on_demand or conditional");
      TriggerType type = t.enumValue(TriggerType.class, "type", typeText, "scheduled, on_demand or conditional");
      String schedule = type == TriggerType.SCHEDULED ? t.string("schedule", DEFAULT_SCHEDULE, "a Glue cron expression such as cron(0 */2 * * ? *)") : "";
      if (type == TriggerType.SCHEDULED && !schedule.matches("cron\\(.+\\)")) {
        throw Errors.invalidValue(t.keyOf("schedule"), node.file(), schedule, "a Glue cron expression such as cron(0 */2 * * ? *)");
      }
      String logicalText = t.string("logical", "AND", "AND or ANY").toUpperCase(Locale.ROOT);
      Logical logical = t.enumValue(Logical.class, "logical", logicalText, "AND or ANY");
      List<Condition> conditions = new ArrayList<>();
      for (ConfigNode c : t.sectionList("conditions", "a list of {job, state}")) {
        c.rejectUnknownKeys(List.of("job", "state"));
        String stateText = c.string("state", "SUCCEEDED", "SUCCEEDED, FAILED, TIMEOUT or STOPPED");
        RunState state = c.enumValue(RunState.class, "state", stateText, "SUCCEEDED, FAILED, TIMEOUT or STOPPED");
        if (!RunState.CONDITION_STATES.contains(state)) {
          throw Errors.invalidValue(c.keyOf("state"), node.file(), stateText, "SUCCEEDED, FAILED, TIMEOUT or STOPPED");
        }
        conditions.add(new Condition(c.requiredString("job", "the name of a job of this workflow"), state));
      }
      if (type == TriggerType.CONDITIONAL && conditions.isEmpty()) {
        throw Errors.missingKey(t.keyOf("conditions"), node.file(), "the job states this conditional trigger waits for");
      }
      List<String> actions = t.stringOrList("actions", "the names of the jobs this trigger starts").orElseThrow(() -> Errors.missingKey(t.keyOf("actions"), node.file(), "the jobs this trigger starts"));
      triggers.add(new Trigger(name, type, schedule, logical, List.copyOf(conditions), actions));
    }
    WorkflowConfig workflow = new WorkflowConfig(jobs, List.copyOf(triggers));
    String problem = workflow.problem();
    if (problem != null) {
      throw Errors.invalidValue(node.keyOf("triggers"), node.file(), problem, "exactly one start trigger, names of existing jobs, and no cycle");
    }
    return workflow;
  }

  /** What is wrong with the graph, or null: exactly one start trigger, known names, no cycle. */
  public String problem() {
    long starts = triggers.stream().filter(Trigger::isStart).count();
    if (starts != 1) {
      return starts + " start triggers (scheduled or on_demand); a workflow has exactly one";
    }
    Set<String> names = new HashSet<>();
    for (Trigger trigger : triggers) {
      if (!names.add(trigger.name())) {
        return "trigger name '" + trigger.name() + "' used twice";
      }
      for (String action : trigger.actions()) {
        if (!jobs.containsKey(action)) {
          return "trigger '" + trigger.name() + "' starts unknown job '" + action + "'";
        }
      }
      for (Condition condition : trigger.conditions()) {
        if (!jobs.containsKey(condition.job())) {
          return "trigger '" + trigger.name() + "' watches unknown job '" + condition.job() + "'";
        }
      }
    }
    // a cycle: a job whose end can (through triggers) start itself again
    Map<String, List<String>> next = new HashMap<>();
    for (Trigger trigger : triggers) {
      for (Condition condition : trigger.conditions()) {
        next.computeIfAbsent(condition.job(), k -> new ArrayList<>()).addAll(trigger.actions());
      }
    }
    for (String job : jobs.keySet()) {
      Deque<String> todo = new ArrayDeque<>(next.getOrDefault(job, List.of()));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        String reached = todo.pop();
        if (reached.equals(job)) {
          return "job '" + job + "' can trigger itself again (a cycle)";
        }
        if (seen.add(reached)) {
          todo.addAll(next.getOrDefault(reached, List.of()));
        }
      }
    }
    for (String job : jobs.keySet()) {
      if (triggers.stream().noneMatch(t -> t.actions().contains(job))) {
        return "job '" + job + "' is started by no trigger";
      }
    }
    return null;
  }
}

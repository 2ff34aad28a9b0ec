package dev.glueetl.config;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.Zone;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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

  static final ConfigKey<JobType> JOB_TYPE =
      ConfigKey.choice("type", JobType.class, "preprocess, aggregate or quality").required().doc("`preprocess`, `aggregate` or `quality`");
  static final ConfigKey<Map<String, String>> ARGS =
      ConfigKey.textMap("args")
          .defaultsTo(Map.of())
          .doc("job arguments added to the ones every job gets (`--pipeline`, `--lake`, and `--input` for preprocess), e.g. `{--zone: trusted}`");
  static final ConfigKey<Integer> TIMEOUT_MINUTES = ConfigKey.wholeNumber("timeout_minutes", 1, 2880).defaultsTo(60).doc("the Glue job's `Timeout`");
  static final ConfigKey<Integer> MAX_RETRIES = ConfigKey.wholeNumber("max_retries", 0, 10).defaultsTo(0).doc("the Glue job's `MaxRetries`");

  static final ConfigSection JOB_KEYS = ConfigSection.of(JOB_TYPE, ARGS, TIMEOUT_MINUTES, MAX_RETRIES);

  static final ConfigKey<String> CONDITION_JOB = ConfigKey.text("job", "the name of a job of this workflow").required().doc("a job of this workflow");
  static final ConfigKey<RunState> CONDITION_STATE =
      ConfigKey.choice("state", RunState.class, "SUCCEEDED, FAILED, TIMEOUT or STOPPED")
          .check(RunState.CONDITION_STATES::contains, "SUCCEEDED, FAILED, TIMEOUT or STOPPED")
          .defaultsTo("SUCCEEDED")
          .doc("the state it ended in: `SUCCEEDED`, `FAILED`, `TIMEOUT` or `STOPPED`");

  static final ConfigSection CONDITION_KEYS = ConfigSection.of(CONDITION_JOB, CONDITION_STATE);

  static final ConfigKey<String> TRIGGER_NAME = ConfigKey.text("name", "a trigger name").required().doc("trigger name (Glue: `<stack>-<name>`, the stack being `glue-etl-<pipeline>` by default)");
  static final ConfigKey<TriggerType> TRIGGER_TYPE =
      ConfigKey.choice("type", TriggerType.class, "scheduled, on_demand or conditional")
          .required()
          .doc("`scheduled`, `on_demand` (exactly one of these: the start) or `conditional`");
  static final ConfigKey<String> SCHEDULE =
      ConfigKey.text("schedule", "a Glue cron expression such as cron(0 */2 * * ? *)")
          .matching("cron\\(.+\\)", "a Glue cron expression such as cron(0 */2 * * ? *)")
          .defaultsTo("cron(0 */2 * * ? *)")
          .doc("scheduled only: a Glue cron expression (UTC); the template's `Schedule` parameter overrides it");
  static final ConfigKey<Logical> LOGICAL =
      ConfigKey.choice("logical", Logical.class, "AND or ANY").defaultsTo("AND").doc("conditional only: `AND` (every condition holds) or `ANY` (one does)");
  static final ConfigKey<List<ConfigNode>> CONDITIONS =
      ConfigKey.sectionList("conditions", CONDITION_KEYS, "a list of {job, state}")
          .docRequired("conditional only")
          .doc("what a conditional trigger waits for: jobs that ended in a state");
  static final ConfigKey<List<String>> ACTIONS =
      ConfigKey.textList("actions", "the names of the jobs this trigger starts").required("the jobs this trigger starts").doc("the jobs the trigger starts");

  static final ConfigSection TRIGGER_KEYS = ConfigSection.of(TRIGGER_NAME, TRIGGER_TYPE, SCHEDULE, LOGICAL, CONDITIONS, ACTIONS);

  static final ConfigKey<Map<String, ConfigNode>> JOBS =
      ConfigKey.namedSections(
              "jobs", "<name>", JOB_KEYS, "the workflow's jobs by name, each with a type: preprocess, aggregate or quality",
              "type and optional args, timeout_minutes, max_retries")
          .required()
          .doc("a job: lower-case letters, digits, `-`; its Glue job is named `<stack>-<name>` (the stack being `glue-etl-<pipeline>` by default)");
  static final ConfigKey<List<ConfigNode>> TRIGGERS =
      ConfigKey.sectionList("triggers", TRIGGER_KEYS, "a list of triggers with name, type, actions and, for conditional ones, logical and conditions")
          .defaultsTo(List.of());

  static final ConfigSection KEYS = ConfigSection.of(JOBS, TRIGGERS);

  public static final String DEFAULT_SCHEDULE = SCHEDULE.defaultValue();

  /**
   * The default chain of both built-in pipelines: every 2 hours preprocess; when it SUCCEEDED, quality of the trusted
   * tables; when that SUCCEEDED, aggregate; when that SUCCEEDED, quality of the curated tables.
   */
  public static WorkflowConfig defaults() {
    return defaults(PipelineConfig.DEFAULT_ZONES);
  }

  /**
   * The default chain of a pipeline with {@code zones}. With a raw zone, preprocess is split at it and each zone gets
   * its gate: ingest ({@code preprocess --zone raw}: landing → raw) → quality-raw (the raw → trusted gate) → promote
   * ({@code preprocess --zone trusted}: raw → trusted) → quality-trusted → aggregate → quality-curated, each on the
   * previous one SUCCEEDED. A gate job runs for every zone, with or without rulesets (one without succeeds at once), so
   * the chain's shape depends on the zones only.
   */
  public static WorkflowConfig defaults(List<Zone> zones) {
    if (!zones.contains(Zone.RAW)) {
      return chain();
    }
    int timeout = TIMEOUT_MINUTES.defaultValue();
    int retries = MAX_RETRIES.defaultValue();
    Map<String, Job> jobs = new LinkedHashMap<>();
    jobs.put("ingest", new Job("ingest", JobType.PREPROCESS, Map.of("--zone", "raw"), timeout, retries));
    jobs.put("quality-raw", new Job("quality-raw", JobType.QUALITY, Map.of("--zone", "raw"), 30, retries));
    jobs.put("promote", new Job("promote", JobType.PREPROCESS, Map.of("--zone", "trusted"), timeout, retries));
    jobs.put("quality-trusted", new Job("quality-trusted", JobType.QUALITY, Map.of("--zone", "trusted"), 30, retries));
    jobs.put("aggregate", new Job("aggregate", JobType.AGGREGATE, Map.of(), timeout, retries));
    jobs.put("quality-curated", new Job("quality-curated", JobType.QUALITY, Map.of("--zone", "curated"), 30, retries));
    List<Trigger> triggers = new ArrayList<>();
    triggers.add(new Trigger("start", TriggerType.SCHEDULED, DEFAULT_SCHEDULE, Logical.AND, List.of(), List.of("ingest")));
    List<String> order = List.copyOf(jobs.keySet());
    for (int i = 1; i < order.size(); i++) {
      String previous = order.get(i - 1);
      triggers.add(new Trigger("after-" + previous, TriggerType.CONDITIONAL, "", Logical.AND, List.of(new Condition(previous, RunState.SUCCEEDED)), List.of(order.get(i))));
    }
    return new WorkflowConfig(jobs, List.copyOf(triggers));
  }

  private static WorkflowConfig chain() {
    int timeout = TIMEOUT_MINUTES.defaultValue();
    int retries = MAX_RETRIES.defaultValue();
    Map<String, Job> jobs = new LinkedHashMap<>();
    jobs.put("preprocess", new Job("preprocess", JobType.PREPROCESS, Map.of(), timeout, retries));
    jobs.put("quality-trusted", new Job("quality-trusted", JobType.QUALITY, Map.of("--zone", "trusted"), 30, retries));
    jobs.put("aggregate", new Job("aggregate", JobType.AGGREGATE, Map.of(), timeout, retries));
    jobs.put("quality-curated", new Job("quality-curated", JobType.QUALITY, Map.of("--zone", "curated"), 30, retries));
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

  /** Reads the {@code workflow} section. */
  static WorkflowConfig parse(ConfigNode node) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> entry : JOBS.read(node).entrySet()) {
      String name = entry.getKey();
      ConfigNode jobNode = entry.getValue();
      if (!name.matches("[a-z][a-z0-9-]*")) {
        throw Errors.invalidValue(node.keyOf(JOBS.name() + "." + name), node.file(), name, "a job name of lower-case letters, digits and '-'");
      }
      JobType type = JOB_TYPE.read(jobNode);
      Map<String, String> args = ARGS.read(jobNode);
      for (String key : args.keySet()) {
        if (!key.startsWith("--") || List.of("--pipeline", "--lake").contains(key)) {
          throw ARGS.invalid(jobNode, key, "--key job arguments other than --pipeline and --lake, which the deployment sets");
        }
      }
      jobs.put(name, new Job(name, type, args, TIMEOUT_MINUTES.read(jobNode), MAX_RETRIES.read(jobNode)));
    }
    List<Trigger> triggers = new ArrayList<>();
    for (ConfigNode t : TRIGGERS.read(node)) {
      String name = TRIGGER_NAME.read(t);
      TriggerType type = TRIGGER_TYPE.read(t);
      String schedule = type == TriggerType.SCHEDULED ? SCHEDULE.read(t) : "";
      Logical logical = LOGICAL.read(t);
      List<Condition> conditions = new ArrayList<>();
      for (ConfigNode c : CONDITIONS.optional(t).orElse(List.of())) {
        RunState state = CONDITION_STATE.read(c);
        conditions.add(new Condition(CONDITION_JOB.read(c), state));
      }
      if (type == TriggerType.CONDITIONAL && conditions.isEmpty()) {
        throw CONDITIONS.missing(t, "the job states this conditional trigger waits for");
      }
      triggers.add(new Trigger(name, type, schedule, logical, List.copyOf(conditions), ACTIONS.read(t)));
    }
    WorkflowConfig workflow = new WorkflowConfig(jobs, List.copyOf(triggers));
    String problem = workflow.problem();
    if (problem != null) {
      throw TRIGGERS.invalid(node, problem, "exactly one start trigger, names of existing jobs, and no cycle");
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

package dev.glueetl.config;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.quality.rules.RulesetParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.glue.dqdl.model.DQRuleset;

/**
 * One entry of the {@code quality} list: a DQDL ruleset for one table of the pipeline, what a failure does, and whether
 * failing rows are quarantined. The ruleset is parsed when the pipeline file is read, so a bad rule fails before Spark
 * starts.
 *
 * @param table the table, {@code trusted.events} or {@code curated.sessions_daily}
 * @param rulesetName the ruleset's name in results (its file name, or the table for an inline ruleset)
 * @param rulesetText the DQDL text
 * @param ruleset the parsed ruleset
 * @param action FAIL: a failure stops the chain (the job fails after writing results and report); WARN: record only
 * @param quarantine move the rows failing row-level rules to the zone's quarantine table (trusted tables only)
 * @param key the columns identifying a row, to move it
 * @param personal columns masked in report samples
 * @param references aliases for ReferentialIntegrity rules: alias to {@code zone.table} of this pipeline
 */
public record QualityConfig(
    TableId table,
    String rulesetName,
    String rulesetText,
    DQRuleset ruleset,
    Action action,
    boolean quarantine,
    List<String> key,
    List<String> personal,
    Map<String, TableId> references) {

  public enum Action {
    FAIL,
    WARN
  }

  /** Row keys of the built-in trusted tables. */
  static final Map<String, List<String>> KNOWN_KEYS =
      new TreeMap<>(Map.of("events", List.of("event_id"), "sessions", List.of("session_id"), "orders", List.of("order_id"), "order_items", List.of("order_id", "line_no")));

  static final ConfigKey<String> TABLE =
      ConfigKey.text("table", "a table of this pipeline, e.g. trusted.events").required().doc("`<zone>.<table>` of this pipeline, zone `raw` (a declared raw zone: the gate to trusted), `trusted` or `curated`");
  static final ConfigKey<String> RULESET =
      ConfigKey.text("ruleset", "a .dqdl file relative to the pipeline file").docRequired("this or `rules`").doc("a `.dqdl` file, relative to the pipeline file");
  static final ConfigKey<String> RULES = ConfigKey.text("rules", "DQDL text: Rules = [ ... ]").docRequired("this or `ruleset`").doc("the ruleset itself, inline: `Rules = [ ... ]`");
  static final ConfigKey<Action> ACTION =
      ConfigKey.choice("action", Action.class, "fail or warn")
          .defaultsTo("fail")
          .doc("`fail`: a failed rule fails the job after results and report are written, which stops the chain; `warn`: record only");
  static final ConfigKey<Boolean> QUARANTINE =
      ConfigKey.flag("quarantine").defaultsTo(false).doc("move the rows failing row-level rules to the zone's quarantine table (raw and trusted tables only)");
  static final ConfigKey<List<String>> KEY =
      ConfigKey.textList("key", "the columns identifying a row")
          .docDefault(String.join("; ", KNOWN_KEYS.entrySet().stream().map(e -> e.getKey() + ": `" + ConfigKey.yamlText(e.getValue()) + "`").toList()))
          .doc("the columns identifying a row, to move it");
  static final ConfigKey<List<String>> PERSONAL =
      ConfigKey.textList("personal", "columns masked in report samples").doc("columns masked as `***` in report samples");
  static final ConfigKey<ConfigNode> REFERENCES =
      ConfigKey.namedValues("references", "<alias>").doc("a table of this pipeline (`<zone>.<table>`) that ReferentialIntegrity rules name `<alias>`");

  static final ConfigSection KEYS = ConfigSection.of(TABLE, RULESET, RULES, ACTION, QUARANTINE, KEY, PERSONAL, REFERENCES);

  static QualityConfig parse(ConfigNode node, String pipeline, Function<String, String> readRelative) {
    TableId table = tableId(node, TABLE.name(), TABLE.read(node), pipeline);
    String name;
    String text;
    if (RULESET.isSet(node) == RULES.isSet(node)) {
      throw RULESET.missing(node, "either ruleset (a .dqdl file next to the pipeline file) or rules (inline DQDL), not both");
    }
    String source;
    if (RULESET.isSet(node)) {
      String file = RULESET.read(node);
      try {
        text = readRelative.apply(file);
      } catch (dev.glueetl.error.GlueEtlException e) {
        throw RULESET.invalid(node, file, "a readable .dqdl file relative to the pipeline file");
      }
      name = file.replaceAll(".*/", "").replaceAll("\\.dqdl$", "");
      source = file;
    } else {
      text = RULES.read(node);
      name = table.table();
      source = node.file() + " (" + node.keyOf(RULES.name()) + ")";
    }
    DQRuleset ruleset = RulesetParser.parse(text, source);
    Action action = ACTION.read(node);
    boolean quarantine = QUARANTINE.read(node);
    if (quarantine && table.zone() != Zone.TRUSTED && table.zone() != Zone.RAW) {
      throw QUARANTINE.invalid(node, true, "false: only rows of raw and trusted tables are quarantined");
    }
    List<String> key = KEY.optional(node).orElse(KNOWN_KEYS.getOrDefault(table.table(), List.of()));
    if (quarantine && key.isEmpty()) {
      throw KEY.missing(node, "the columns identifying a row of " + table.table() + ", to move failing rows");
    }
    List<String> personal = PERSONAL.optional(node).orElse(List.of());
    Map<String, TableId> references = new LinkedHashMap<>();
    Optional<ConfigNode> refs = REFERENCES.optional(node);
    for (String alias : refs.map(ConfigNode::keys).orElse(List.of())) {
      references.put(alias, tableId(refs.get(), alias, refs.get().requiredString(alias, "a table of this pipeline, e.g. trusted.orders"), pipeline));
    }
    return new QualityConfig(table, name, text, ruleset, action, quarantine, key, personal, references);
  }

  private static TableId tableId(ConfigNode node, String key, String text, String pipeline) {
    String[] parts = text.split("\\.");
    String expected = "<zone>.<table> with zone raw, trusted or curated, e.g. trusted.events";
    if (parts.length != 2) {
      throw Errors.invalidValue(node.keyOf(key), node.file(), text, expected);
    }
    Zone zone;
    try {
      zone = Zone.valueOf(parts[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.invalidValue(node.keyOf(key), node.file(), text, expected);
    }
    if (zone != Zone.RAW && zone != Zone.TRUSTED && zone != Zone.CURATED) {
      throw Errors.invalidValue(node.keyOf(key), node.file(), text, expected);
    }
    return TableId.of(pipeline, zone, parts[1]);
  }
}

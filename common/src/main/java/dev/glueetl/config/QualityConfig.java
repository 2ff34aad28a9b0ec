package dev.glueetl.config;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.quality.rules.RulesetParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
      Map.of("events", List.of("event_id"), "sessions", List.of("session_id"), "orders", List.of("order_id"), "order_items", List.of("order_id", "line_no"));

  static QualityConfig parse(ConfigNode node, String pipeline, Function<String, String> readRelative) {
    node.rejectUnknownKeys(List.of("table", "ruleset", "rules", "action", "quarantine", "key", "personal", "references"));
    TableId table = tableId(node, "table", node.requiredString("table", "a table of this pipeline, e.g. trusted.events"), pipeline);
    String name;
    String text;
    if (node.has("ruleset") == node.has("rules")) {
      throw Errors.missingKey(node.keyOf("ruleset"), node.file(), "either ruleset (a .dqdl file next to the pipeline file) or rules (inline DQDL), not both");
    }
    String source;
    if (node.has("ruleset")) {
      String file = node.requiredString("ruleset", "a .dqdl file relative to the pipeline file");
      try {
        text = readRelative.apply(file);
      } catch (dev.glueetl.error.GlueEtlException e) {
        throw Errors.invalidValue(node.keyOf("ruleset"), node.file(), file, "a readable .dqdl file relative to the pipeline file");
      }
      name = file.replaceAll(".*/", "").replaceAll("\\.dqdl$", "");
      source = file;
    } else {
      text = node.requiredString("rules", "DQDL text: Rules = [ ... ]");
      name = table.table();
      source = node.file() + " (" + node.keyOf("rules") + ")";
    }
    DQRuleset ruleset = RulesetParser.parse(text, source);
    String actionText = node.string("action", "fail", "fail or warn");
    Action action = node.enumValue(Action.class, "action", actionText, "fail or warn");
    boolean quarantine = node.bool("quarantine", false);
    if (quarantine && table.zone() != Zone.TRUSTED) {
      throw Errors.invalidValue(node.keyOf("quarantine"), node.file(), true, "false: only rows of trusted tables are quarantined");
    }
    List<String> key = node.stringOrList("key", "the columns identifying a row").orElse(KNOWN_KEYS.getOrDefault(table.table(), List.of()));
    if (quarantine && key.isEmpty()) {
      throw Errors.missingKey(node.keyOf("key"), node.file(), "the columns identifying a row of " + table.table() + ", to move failing rows");
    }
    List<String> personal = node.stringOrList("personal", "columns masked in report samples").orElse(List.of());
    Map<String, TableId> references = new LinkedHashMap<>();
    ConfigNode refs = node.section("references");
    for (String alias : refs.keys()) {
      references.put(alias, tableId(refs, alias, refs.requiredString(alias, "a table of this pipeline, e.g. trusted.orders"), pipeline));
    }
    return new QualityConfig(table, name, text, ruleset, action, quarantine, key, personal, references);
  }

  private static TableId tableId(ConfigNode node, String key, String text, String pipeline) {
    String[] parts = text.split("\\.");
    String expected = "<zone>.<table> with zone trusted or curated, e.g. trusted.events";
    if (parts.length != 2) {
      throw Errors.invalidValue(node.keyOf(key), node.file(), text, expected);
    }
    Zone zone;
    try {
      zone = Zone.valueOf(parts[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.invalidValue(node.keyOf(key), node.file(), text, expected);
    }
    if (zone != Zone.TRUSTED && zone != Zone.CURATED) {
      throw Errors.invalidValue(node.keyOf(key), node.file(), text, expected);
    }
    return TableId.of(pipeline, zone, parts[1]);
  }
}

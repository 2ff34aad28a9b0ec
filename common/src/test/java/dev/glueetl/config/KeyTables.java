package dev.glueetl.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key tables of docs/pipeline-reference.md, rendered from the key declarations: one table per section that has its own ({@link
 * ConfigKey#ownTable}), a row per key with its full name ({@code source.type}, {@code metrics[].key}, {@code
 * workflow.jobs.<name>.type}), whether it is required, its default and what it means. A section's keys are rows of the
 * table the section is in; the section itself has a row only when it says what it means. Refused keys (a secret in the
 * file) have none: the prose around the tables covers them.
 */
final class KeyTables {
  static final String HEADER = "| key | required | default | meaning |\n|---|---|---|---|\n";

  private KeyTables() {}

  /** Table name to its Markdown (header and rows, each line ending in a line break), in the order of the keys. */
  static Map<String, String> render(ConfigSection keys, String table) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    addRows(keys, "", table, rows);
    Map<String, String> tables = new LinkedHashMap<>();
    rows.forEach((name, lines) -> tables.put(name, HEADER + String.join("", lines)));
    return tables;
  }

  /** The keys that say nothing of what they mean, which a table cannot show. */
  static List<String> undocumented(ConfigSection keys, String prefix) {
    List<String> missing = new ArrayList<>();
    for (ConfigKey<?> key : keys.keys()) {
      String name = prefix + key.docName();
      if (key.keys().isPresent()) {
        if (!key.table().isEmpty() && key.description().isEmpty()) {
          missing.add(name); // its row points to its own table
        }
        missing.addAll(undocumented(key.keys().get(), name + "."));
      } else if (!key.isRefused() && key.description().isEmpty()) {
        missing.add(name);
      }
    }
    return missing;
  }

  private static void addRows(ConfigSection keys, String prefix, String table, Map<String, List<String>> rows) {
    for (ConfigKey<?> key : keys.keys()) {
      if (key.isRefused()) {
        continue;
      }
      String name = prefix + key.docName();
      if (key.keys().isEmpty() || !key.description().isEmpty()) {
        rows.computeIfAbsent(table, t -> new ArrayList<>()).add(row("`" + name + "`", key.requiredMarkdown(), key.defaultMarkdown(), key.description()));
      }
      key.keys().ifPresent(children -> addRows(children, name + ".", key.table().isEmpty() ? table : key.table(), rows));
    }
  }

  /** {@code | a | b | | d |}: an empty cell is one space, as the key tables of docs/ are written. */
  private static String row(String... cells) {
    StringBuilder row = new StringBuilder("|");
    for (String cell : cells) {
      row.append(cell.isEmpty() ? " " : " " + cell.replace("|", "\\|") + " ").append('|');
    }
    return row.append('\n').toString();
  }
}

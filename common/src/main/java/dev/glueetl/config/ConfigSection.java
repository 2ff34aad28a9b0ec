package dev.glueetl.config;

import java.util.List;

/**
 * The keys of one mapping of the pipeline file ({@code source}, {@code metrics[]}, ...), in the order docs/pipeline-reference.md lists
 * them. A key not declared here is a typo ({@code CONFIG_UNKNOWN_KEY}, naming the known ones).
 */
public final class ConfigSection {
  private final List<ConfigKey<?>> keys;

  private ConfigSection(List<ConfigKey<?>> keys) {
    this.keys = keys;
  }

  static ConfigSection of(ConfigKey<?>... keys) {
    return new ConfigSection(List.of(keys));
  }

  List<ConfigKey<?>> keys() {
    return keys;
  }

  /**
   * Rejects, in {@code node}, keys not declared here and declared keys that are refused (a secret in the file).
   *
   * @return {@code node}
   */
  ConfigNode check(ConfigNode node) {
    node.rejectUnknownKeys(keys.stream().map(ConfigKey::name).toList());
    for (ConfigKey<?> key : keys) {
      if (key.isRefused()) {
        key.optional(node); // throws when the key is there
      }
    }
    return node;
  }
}

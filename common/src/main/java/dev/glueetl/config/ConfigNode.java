package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One mapping of a parsed YAML file, with its position ({@code source.fields}) and file name, so every error names the
 * full key and the file. Typed accessors reject wrong types; {@link #rejectUnknownKeys} turns typos into errors.
 */
public final class ConfigNode {
  private final String file;
  private final String path;
  private final Map<String, Object> values;

  ConfigNode(String file, String path, Map<String, Object> values) {
    this.file = file;
    this.path = path;
    this.values = values;
  }

  /** Wraps the top-level mapping of a file. */
  public static ConfigNode root(String file, Map<String, Object> values) {
    return new ConfigNode(file, "", values);
  }

  public String file() {
    return file;
  }

  /** The full key of a child, e.g. {@code source.fields.user_id}. */
  public String keyOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    return values.containsKey(key) && values.get(key) != null;
  }

  public Collection<String> keys() {
    return values.keySet();
  }

  public String requiredString(String key, String expected) {
    return optionalString(key, expected).orElseThrow(() -> Errors.missingKey(keyOf(key), file, expected));
  }

  /** A scalar as text; YAML numbers and booleans are accepted and turned into their text. */
  public Optional<String> optionalString(String key, String expected) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map || value instanceof List) {
      throw Errors.invalidValue(keyOf(key), file, value, expected);
    }
    // YAML 1.1 reads an unquoted 2000-01-01 as a timestamp; hand it back as the ISO text the user meant.
    String text = value instanceof java.util.Date date ? date.toInstant().toString() : String.valueOf(value).trim();
    if (text.isEmpty()) {
      throw Errors.invalidValue(keyOf(key), file, text, expected);
    }
    return Optional.of(text);
  }

  /** {@code text} (read from {@code key}) as a constant of {@code type}, case-insensitively. */
  public <E extends Enum<E>> E enumValue(Class<E> type, String key, String text, String expected) {
    try {
      return Enum.valueOf(type, text.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.invalidValue(keyOf(key), file, text, expected);
    }
  }

  /** One scalar or a list of scalars, e.g. {@code time_format: 'dd/MM/yyyy'} or a list of patterns. */
  public Optional<List<String>> stringOrList(String key, String expected) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    List<String> result = new ArrayList<>();
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        throw Errors.invalidValue(keyOf(key), file, "[]", expected);
      }
      for (Object item : list) {
        if (item == null || item instanceof Map || item instanceof List || String.valueOf(item).isBlank()) {
          throw Errors.invalidValue(keyOf(key), file, item, expected);
        }
        result.add(String.valueOf(item).trim());
      }
    } else if (value instanceof Map) {
      throw Errors.invalidValue(keyOf(key), file, value, expected);
    } else {
      result.add(optionalString(key, expected).orElseThrow());
    }
    return Optional.of(List.copyOf(result));
  }

  public boolean bool(String key, boolean defaultValue) {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw Errors.invalidValue(keyOf(key), file, value, "true or false");
  }

  public int integer(String key, int defaultValue, int min, int max) {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Integer i && i >= min && i <= max) {
      return i;
    }
    throw Errors.invalidValue(keyOf(key), file, value, "a whole number from " + min + " to " + max);
  }

  public Optional<ConfigNode> optionalSection(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw Errors.invalidValue(keyOf(key), file, value, "a mapping of keys to values");
    }
    Map<String, Object> child = new LinkedHashMap<>();
    map.forEach((k, v) -> child.put(String.valueOf(k), v));
    return Optional.of(new ConfigNode(file, keyOf(key), child));
  }

  /** The value of {@code key} as a section when it is a mapping; empty when it is absent or a scalar. */
  Optional<ConfigNode> sectionIfMapping(String key) {
    return values.get(key) instanceof Map<?, ?> ? optionalSection(key) : Optional.empty();
  }

  /** A list of mappings ({@code metrics: [{table: ..}, ...]}), each with its index in the key path. */
  public List<ConfigNode> sectionList(String key, String expected) {
    Object value = values.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw Errors.invalidValue(keyOf(key), file, value, expected);
    }
    List<ConfigNode> nodes = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw Errors.invalidValue(keyOf(key) + "[" + i + "]", file, list.get(i), expected);
      }
      Map<String, Object> child = new LinkedHashMap<>();
      map.forEach((k, v) -> child.put(String.valueOf(k), v));
      nodes.add(new ConfigNode(file, keyOf(key) + "[" + i + "]", child));
    }
    return nodes;
  }

  public ConfigNode requiredSection(String key, String expected) {
    return optionalSection(key).orElseThrow(() -> Errors.missingKey(keyOf(key), file, expected));
  }

  public ConfigNode section(String key) {
    return optionalSection(key).orElseGet(() -> new ConfigNode(file, keyOf(key), Map.of()));
  }

  /** A mapping of text to text ({@code options: {header: true}}), values turned into their text. */
  public Map<String, String> stringMap(String key) {
    ConfigNode section = section(key);
    Map<String, String> result = new LinkedHashMap<>();
    for (String child : section.keys()) {
      result.put(child, section.requiredString(child, "a scalar value"));
    }
    return result;
  }

  public void rejectUnknownKeys(Collection<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw Errors.unknownKey(keyOf(key), file, new TreeSet<>(known));
      }
    }
  }
}

package dev.glueetl.local;

import dev.glueetl.error.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options and operands of one CLI command: {@code --key value} options (from a known set) and plain operands. Shared
 * by {@code ./glue-etl} and {@code ./glue-etl bench}.
 */
public final class CliOptions {
  private final String command;
  private final Map<String, String> options = new LinkedHashMap<>();
  private final List<String> operands = new ArrayList<>();
  private final java.util.Set<String> flags = new java.util.HashSet<>();

  private CliOptions(String command) {
    this.command = command;
  }

  public static CliOptions parse(String command, List<String> args, Set<String> known) {
    return parse(command, args, known, Set.of());
  }

  /** @param knownFlags options without a value ({@code --strict}) */
  public static CliOptions parse(String command, List<String> args, Set<String> known, Set<String> knownFlags) {
    CliOptions parsed = new CliOptions(command);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (knownFlags.contains(arg)) {
        parsed.flags.add(arg);
      } else if (arg.startsWith("--") && arg.length() > 2) {
        String key = arg;
        String value;
        int equals = arg.indexOf('=');
        if (equals > 0) {
          key = arg.substring(0, equals);
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw Errors.usage(command + ": option " + arg + " needs a value");
        }
        if (!known.contains(key)) {
          throw Errors.usage(command + ": unknown option " + key + " (options: " + String.join(", ", known) + ")");
        }
        parsed.options.put(key, value);
      } else {
        parsed.operands.add(arg);
      }
    }
    return parsed;
  }

  public boolean flag(String key) {
    return flags.contains(key);
  }

  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }

  public String option(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }

  public long longOption(String key, long defaultValue) {
    String value = options.get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw Errors.usage(command + ": " + key + " expects a whole number, found '" + value + "'");
    }
  }

  public List<String> operands() {
    return operands;
  }

  public String operand(int index, String what) {
    if (index >= operands.size()) {
      throw Errors.usage(command + ": missing " + what);
    }
    return operands.get(index);
  }

  public void expectOperands(int max, String usage) {
    if (operands.size() > max) {
      throw Errors.usage(command + ": unexpected " + operands.subList(max, operands.size()) + "; usage: " + usage);
    }
  }
}

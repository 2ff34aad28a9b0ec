package dev.glueetl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the numbers were measured on. */
final class Machine {
  private Machine() {}

  static Map<String, String> describe() {
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    machine.put("memory", procLine("/proc/meminfo", "MemTotal").map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / 1048576.0)
        .map(gib -> String.format(java.util.Locale.ROOT, "%.1f GiB", gib)).orElse("unknown"));
    machine.put("cpu", procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")));
    machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return machine;
  }

  private static java.util.Optional<String> procLine(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String line : lines) {
        if (line.startsWith(key)) {
          return java.util.Optional.of(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the caller falls back
    }
    return java.util.Optional.empty();
  }
}

package dev.glueetl.local;

import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary {@code ./glue-etl run} and {@code job} print after each job: counts, notes, and the tables written. */
final class JobSummary {
  private JobSummary() {}

  static void print(JobRunner.CompletedRun run, PrintStream out) {
    out.println(run.job() + " run " + run.runId() + " finished in " + String.format(Locale.ROOT, "%.1f", run.seconds()) + " s");
    Map<String, Long> counts = run.report().counts();
    for (Map.Entry<String, Long> count : counts.entrySet()) {
      String name = count.getKey();
      if (name.contains(".") || (name.equals("rows") && !run.report().tables().isEmpty())) {
        continue;
      }
      List<String> details = new ArrayList<>();
      counts.forEach(
          (detailName, value) -> {
            if (detailName.startsWith(name + ".") && value > 0) {
              details.add(detailName.substring(name.length() + 1) + " " + value);
            }
          });
      out.println(
          String.format(Locale.ROOT, "  %-14s %10d", name.replace('_', ' '), count.getValue())
              + (details.isEmpty() ? "" : "   (" + String.join(", ", details) + ")"));
    }
    run.report().notes().forEach(note -> out.println("  " + note));
    // records pipelines count per table (<table>.read, <table>.trusted, ...): one line each
    List<String> recordTables = counts.keySet().stream().filter(k -> k.endsWith(".read")).map(k -> k.substring(0, k.length() - ".read".length())).toList();
    if (!recordTables.isEmpty()) {
      int width = Math.max(5, recordTables.stream().mapToInt(String::length).max().orElse(5));
      List<String> columns = List.of("read", "trusted", "quarantined", "duplicates", "superseded");
      out.println(String.format(Locale.ROOT, "  %-" + width + "s", "table") + columns.stream().map(c -> String.format(Locale.ROOT, " %11s", c)).reduce("", String::concat));
      for (String table : recordTables) {
        out.println(
            String.format(Locale.ROOT, "  %-" + width + "s", table)
                + columns.stream().map(c -> String.format(Locale.ROOT, " %11d", counts.getOrDefault(table + "." + c, 0L))).reduce("", String::concat));
      }
    }
    if (!run.report().tables().isEmpty()) {
      int width = run.report().tables().stream().mapToInt(t -> t.table().length()).max().orElse(5);
      out.println(String.format(Locale.ROOT, "  %-" + width + "s %10s %9s %8s", "table", "rows", "replaced", "seconds"));
      for (JobReport.TableSummary table : run.report().tables()) {
        out.println(String.format(Locale.ROOT, "  %-" + width + "s %10d %9d %8.1f", table.table(), table.rows(), table.replaced(), table.seconds()));
      }
    }
  }
}

package dev.glueetl.job;

import dev.glueetl.error.GlueEtlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a job run did, as named counts ({@code read}, {@code trusted}, {@code duplicates}, {@code quarantined},
 * {@code quarantined.INVALID_JSON}, {@code sessions}, ...) kept in insertion order. Stored in the run record and printed
 * in the summary.
 */
public final class JobReport {
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final List<TableSummary> tables = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<RulesetScore> rulesets = new ArrayList<>();
  private Optional<GlueEtlException> failedGate = Optional.empty();

  /**
   * What one run did to one table.
   *
   * @param replaced how many values of the table's replace column (dates, weeks) were replaced
   */
  public record TableSummary(String table, long rows, long replaced, double seconds) {}

  /**
   * How one ruleset of a quality run scored.
   *
   * @param ruleset the ruleset's name as in the quality tables
   * @param score the fraction of its rules that passed, 0.0 to 1.0
   * @param failedRules its rules that failed or erred
   */
  public record RulesetScore(String ruleset, double score, long failedRules) {}

  /** Records a ruleset's score (the quality job; published as CloudWatch metrics per ruleset). */
  public JobReport ruleset(String ruleset, double score, long failedRules) {
    rulesets.add(new RulesetScore(ruleset, score, failedRules));
    return this;
  }

  public List<RulesetScore> rulesets() {
    return Collections.unmodifiableList(rulesets);
  }

  /**
   * Makes the run fail once its work is done and its counts are final (a quality gate): the job runner records the run
   * FAILED with this report's counts, publishes its metrics with RunFailed 1, and throws {@code failure}.
   */
  public JobReport failGate(GlueEtlException failure) {
    failedGate = Optional.of(failure);
    return this;
  }

  public Optional<GlueEtlException> failedGate() {
    return failedGate;
  }

  /** Records a table write; its rows also appear in the counts as {@code rows.<table>}. */
  public JobReport table(String table, long rows, long replaced, double seconds) {
    tables.add(new TableSummary(table, rows, replaced, seconds));
    counts.put("rows." + table, rows);
    return this;
  }

  /** A line for the summary (where a report went, what was skipped). */
  public JobReport note(String note) {
    notes.add(note);
    return this;
  }

  public List<String> notes() {
    return Collections.unmodifiableList(notes);
  }

  public List<TableSummary> tables() {
    return Collections.unmodifiableList(tables);
  }

  public JobReport count(String name, long value) {
    counts.put(name, value);
    return this;
  }

  public long count(String name) {
    Long value = counts.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no count named " + name + " in " + counts.keySet());
    }
    return value;
  }

  public Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}

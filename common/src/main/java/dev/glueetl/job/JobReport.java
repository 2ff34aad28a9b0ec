package dev.glueetl.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job run did, as named counts ({@code read}, {@code trusted}, {@code duplicates}, {@code quarantined},
 * {@code quarantined.INVALID_JSON}, {@code sessions}, ...) kept in insertion order. Stored in the run record and printed
 * in the summary.
 */
public final class JobReport {
  private final Map<String, Long> counts = new LinkedHashMap<>();

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

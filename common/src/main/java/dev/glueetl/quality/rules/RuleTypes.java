package dev.glueetl.quality.rules;

import static dev.glueetl.quality.rules.Deequ.none;
import static dev.glueetl.quality.rules.Deequ.seq;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * Every DQDL rule type this project evaluates, registered here and nowhere else: what is supported, what is row-level
 * and what takes a threshold are all read from this list. A new rule type is one {@link RuleType} and one line here.
 */
public final class RuleTypes {
  private static final Map<String, RuleType> BY_NAME =
      register(
          new RowCount(),
          new ColumnCount(),
          new ColumnExists(),
          new Completeness(),
          new IsComplete(),
          new Uniqueness(),
          new IsUnique(),
          new IsPrimaryKey(),
          new ColumnStatistic("UniqueValueRatio", column -> (check, a) -> check.hasUniqueValueRatio(seq(List.of(column)), a, none(), none())),
          new ColumnStatistic("DistinctValuesCount", column -> DeequMetric.histogramBins((check, a) -> check.hasNumberOfDistinctValues(column, a, none(), 1000, none()))),
          new ColumnValues(),
          new ColumnLength(),
          new ColumnStatistic("Mean", column -> (check, a) -> check.hasMean(column, a, none())),
          new ColumnStatistic("Sum", column -> (check, a) -> check.hasSum(column, a, none())),
          new ColumnStatistic("StandardDeviation", column -> (check, a) -> check.hasStandardDeviation(column, a, none())),
          new ColumnStatistic("Entropy", column -> (check, a) -> check.hasEntropy(column, a, none())),
          new ColumnCorrelation(),
          new DataFreshness(),
          new CustomSql(),
          new ReferentialIntegrity());

  private RuleTypes() {}

  private static Map<String, RuleType> register(RuleType... types) {
    Map<String, RuleType> byName = new LinkedHashMap<>();
    for (RuleType type : types) {
      if (byName.put(type.name(), type) != null) {
        throw new IllegalStateException("rule type " + type.name() + " registered twice");
      }
    }
    return Collections.unmodifiableMap(byName);
  }

  /** The rule type named {@code name}, if supported. */
  public static Optional<RuleType> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The type of a rule without nested rules; rulesets are checked when loaded, so it is always supported here. */
  public static RuleType of(DQRule rule) {
    RuleType type = BY_NAME.get(rule.getRuleType());
    if (type == null) {
      throw new IllegalStateException("unsupported rule type reached evaluation: " + rule.getRuleType());
    }
    return type;
  }

  /** The supported rule types, in registration order. */
  public static List<RuleType> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The names of the supported rule types, sorted. */
  public static SortedSet<String> supported() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(BY_NAME.keySet()));
  }

  /** The names of the rule types that judge each row (their failing rows can be shown and quarantined), sorted. */
  public static SortedSet<String> rowLevel() {
    TreeSet<String> names = new TreeSet<>();
    BY_NAME.values().stream().filter(t -> t instanceof RowRule).forEach(t -> names.add(t.name()));
    return Collections.unmodifiableSortedSet(names);
  }

  /** The names of the rule types that take {@code with threshold}, in registration order. */
  public static List<String> takingThreshold() {
    return BY_NAME.values().stream().filter(RuleType::takesThreshold).map(RuleType::name).toList();
  }
}

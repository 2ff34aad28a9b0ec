package dev.glueetl.quality.profile;

import dev.glueetl.quality.MetricHistory;
import dev.glueetl.quality.RuleEvaluator;
import dev.glueetl.quality.RuleResult;
import dev.glueetl.quality.profile.Profiler.Profiling;
import dev.glueetl.quality.profile.Profiler.Suggestion;
import dev.glueetl.quality.profile.model.ProfileFormat;
import dev.glueetl.quality.profile.model.TableProfile.ColumnProfile;
import dev.glueetl.quality.profile.model.TableProfile.TopValue;
import dev.glueetl.quality.profile.model.TableProfile;
import dev.glueetl.quality.rules.RulesetParser;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;

/**
 * A DQDL ruleset from Deequ's constraint suggestions: each suggestion translated to a rule type this project evaluates,
 * each rule preceded by a {@code #} comment with its evidence (Deequ's description and the profile figures behind it).
 * A suggestion without a translation stays in the file as a comment saying why. Steps, in order:
 *
 * <ol>
 *   <li><b>translate</b> ({@link #translate}):
 *       <pre>
 * CompleteIfCompleteRule          .isComplete("c")                        IsComplete "c"
 * RetainCompletenessRule          .hasCompleteness("c", _ &gt;= 0.8, ...)     Completeness "c" &gt;= 0.8
 * UniqueIfApproximatelyUniqueRule .isUnique("c")                          IsUnique "c"
 * NonNegativeNumbersRule          .isNonNegative("c")                     ColumnValues "c" &gt;= 0
 * CategoricalRangeRule            .isContainedIn("c", Array("a", "b"))    ColumnValues "c" in ["a", "b"]
 * FractionalCategoricalRangeRule  .isContainedIn("c", Array(..), _ &gt;= 0.9) ColumnValues "c" in [..] with threshold &gt;= 0.9
 * RetainTypeRule                  .hasDataType("c", Integral)             (comment: no ColumnDataType here)
 *       </pre>
 *       Deequ lets NULL pass {@code isNonNegative} and {@code isContainedIn}; DQDL's ColumnValues fails NULL rows, so a
 *       column with NULLs gets {@code NULL} in its list, or an {@code or} with {@code in [NULL]};
 *   <li><b>parse</b> the ruleset with the official DQDL parser ({@link RulesetParser});
 *   <li><b>verify</b>: evaluate it on the data it was suggested from ({@link RuleEvaluator}); a rule that does not pass
 *       (Deequ's approximate distinct count can call a column with a duplicate unique) becomes a comment with the
 *       failure reason, so the ruleset written always passes on its source.
 * </ol>
 */
public final class SuggestedRules {
  private static final Pattern THRESHOLD = Pattern.compile("_ >= ([0-9.Ee+-]+)");
  private static final Pattern SCALA_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * One suggestion and what became of it.
   *
   * @param rule the DQDL rule, when it has one and it passed on the source
   * @param leftOut why there is no rule (no translation, or it did not pass on the source); empty when there is one
   */
  public record Entry(Suggestion suggestion, String evidence, Optional<String> rule, String leftOut) {}

  /** The ruleset's text and its entries, in file order ({@code RowCount} first when the table has rows). */
  public record Ruleset(String dqdl, List<Entry> entries) {
    public List<String> rules() {
      return entries.stream().flatMap(e -> e.rule().stream()).toList();
    }
  }

  private SuggestedRules() {}

  /**
   * The suggested ruleset of {@code data} from its {@code profiling}, verified on {@code data}; {@code header} lines
   * (without {@code #}) open the file.
   */
  public static Ruleset suggest(Dataset<Row> data, Profiling profiling, List<String> header) {
    TableProfile profile = profiling.profile();
    List<Entry> entries = new ArrayList<>();
    if (profile.rowCount() > 0) {
      Suggestion rowCount = new Suggestion("*", "(ours)", "the table is not empty", "");
      entries.add(new Entry(rowCount, "the table had " + profile.rowCount() + " rows when profiled", Optional.of("RowCount > 0"), ""));
    }
    for (Suggestion suggestion : profiling.suggestions()) {
      ColumnProfile column = profile.column(suggestion.column()).orElseThrow();
      boolean numeric = data.schema().apply(suggestion.column()).dataType() instanceof NumericType;
      Translation translation = translate(suggestion, column, numeric);
      entries.add(new Entry(suggestion, evidence(column, profile.rowCount()), translation.rule(), translation.leftOut()));
    }
    entries = verify(data, entries);
    return new Ruleset(render(header, entries), List.copyOf(entries));
  }

  /** A DQDL rule for a suggestion, or why there is none. */
  record Translation(Optional<String> rule, String leftOut) {
    static Translation of(String rule) {
      return new Translation(Optional.of(rule), "");
    }

    static Translation none(String why) {
      return new Translation(Optional.empty(), why);
    }
  }

  static Translation translate(Suggestion suggestion, ColumnProfile column, boolean numeric) {
    if (suggestion.column().contains("\"") || suggestion.column().contains("\n")) {
      return Translation.none("the column name cannot be written as a DQDL string");
    }
    String name = "\"" + suggestion.column() + "\"";
    boolean hasNulls = column.completeness() < 1.0;
    switch (suggestion.rule()) {
      case "CompleteIfCompleteRule":
        return Translation.of("IsComplete " + name);
      case "RetainCompletenessRule":
        return threshold(suggestion.code()).map(t -> Translation.of("Completeness " + name + " >= " + t))
            .orElse(Translation.none("no threshold in Deequ's constraint " + suggestion.code()));
      case "UniqueIfApproximatelyUniqueRule":
        return Translation.of("IsUnique " + name);
      case "NonNegativeNumbersRule":
        if (!numeric) {
          return Translation.none("the column is " + column.type() + ", not a number: a numeric comparison would compare text");
        }
        // Deequ's isNonNegative lets NULL pass; ColumnValues fails it unless the condition says otherwise
        return Translation.of(hasNulls ? "(ColumnValues " + name + " >= 0) or (ColumnValues " + name + " in [NULL])" : "ColumnValues " + name + " >= 0");
      case "CategoricalRangeRule":
      case "FractionalCategoricalRangeRule":
        {
          Optional<List<String>> values = values(suggestion.code());
          if (values.isEmpty()) {
            return Translation.none("the values of Deequ's constraint could not be read: " + suggestion.code());
          }
          Optional<String> list = dqdlList(values.get(), numeric, hasNulls);
          if (list.isEmpty()) {
            return Translation.none("a value holds a quote, a backslash or a line break, which a DQDL string cannot");
          }
          String rule = "ColumnValues " + name + " in " + list.get();
          if (suggestion.rule().equals("CategoricalRangeRule")) {
            return Translation.of(rule);
          }
          return threshold(suggestion.code()).map(t -> Translation.of(rule + " with threshold >= " + t))
              .orElse(Translation.none("no threshold in Deequ's constraint " + suggestion.code()));
        }
      case "RetainTypeRule":
        return Translation.none("ColumnDataType is not among the rule types this project evaluates (docs/data-quality.md); the column is stored as "
            + column.type());
      default:
        return Translation.none("no DQDL translation for Deequ's " + suggestion.rule());
    }
  }

  /** The figures behind a suggestion, in one line. */
  static String evidence(ColumnProfile column, long rows) {
    StringBuilder text = new StringBuilder();
    long present = Math.round(column.completeness() * rows);
    text.append(column.column()).append(": ").append(column.type()).append(", completeness ").append(fraction(column.completeness())).append(" (")
        .append(present).append(" of ").append(rows).append(" rows), ~").append(column.approxDistinct()).append(" distinct");
    column.min().ifPresent(v -> text.append(", min ").append(oneLine(v)));
    column.max().ifPresent(v -> text.append(", max ").append(oneLine(v)));
    column.mean().ifPresent(v -> text.append(", mean ").append(ProfileFormat.number(v)));
    column.stddev().ifPresent(v -> text.append(", stddev ").append(ProfileFormat.number(v)));
    if (!column.topValues().isEmpty()) {
      text.append(", top ").append(column.topValues().stream().limit(5).map(SuggestedRules::topValue).collect(Collectors.joining(", ")));
    }
    return text.toString();
  }

  private static String topValue(TopValue top) {
    return (top.value() == null ? "NULL" : "'" + oneLine(top.value()) + "'") + " " + top.count();
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("[\\r\\n]+", " ");
    return line.length() > 40 ? line.substring(0, 40) + "…" : line;
  }

  private static String fraction(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static Optional<String> threshold(String code) {
    Matcher m = THRESHOLD.matcher(code);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The values of {@code Array("a", "b")} in Deequ's code, unescaped; empty when it holds anything but strings. */
  static Optional<List<String>> values(String code) {
    int start = code.indexOf("Array(");
    if (start < 0) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    Matcher string = SCALA_STRING.matcher(code);
    int at = start + "Array(".length();
    while (at < code.length()) {
      char c = code.charAt(at);
      if (c == ')') {
        return values.isEmpty() ? Optional.empty() : Optional.of(values);
      } else if (c == ' ' || c == ',') {
        at++;
      } else if (c == '"' && string.find(at) && string.start() == at) {
        values.add(string.group(1).replaceAll("\\\\(.)", "$1"));
        at = string.end();
      } else {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code ["a", "b"]}, or {@code [1, 2]} for a numeric column; NULL listed when the column has NULLs. */
  private static Optional<String> dqdlList(List<String> values, boolean numeric, boolean withNull) {
    List<String> literals = new ArrayList<>();
    for (String value : values) {
      if (numeric && isNumber(value)) {
        literals.add(value);
      } else if (value.contains("\"") || value.contains("\\") || value.contains("\n") || value.contains("\r")) {
        return Optional.empty();
      } else {
        literals.add("\"" + value + "\"");
      }
    }
    if (withNull) {
      literals.add("NULL");
    }
    return Optional.of("[" + String.join(", ", literals) + "]");
  }

  private static boolean isNumber(String value) {
    try {
      new BigDecimal(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Evaluates the translated rules on their source; a rule that does not pass becomes a comment with the reason. */
  private static List<Entry> verify(Dataset<Row> data, List<Entry> entries) {
    List<Entry> withRules = entries.stream().filter(e -> e.rule().isPresent()).toList();
    if (withRules.isEmpty()) {
      return entries;
    }
    String dqdl = "Rules = [ " + withRules.stream().map(e -> e.rule().get()).collect(Collectors.joining(", ")) + " ]";
    List<RuleResult> results =
        RuleEvaluator.evaluate(
            data, RulesetParser.parse(dqdl, "the suggested ruleset"), new RuleEvaluator.Context(data.sparkSession(), Map.of(), MetricHistory.NONE, Instant.now()));
    List<Entry> verified = new ArrayList<>();
    int next = 0;
    for (Entry entry : entries) {
      if (entry.rule().isEmpty()) {
        verified.add(entry);
        continue;
      }
      RuleResult result = results.get(next++);
      verified.add(
          result.passed()
              ? entry
              : new Entry(entry.suggestion(), entry.evidence(), Optional.empty(),
                  "'" + entry.rule().get() + "' did not pass on the data it was suggested from (" + result.outcome() + ": " + result.failureReason() + ")"));
    }
    return verified;
  }

  private static String render(List<String> header, List<Entry> entries) {
    StringBuilder text = new StringBuilder();
    header.forEach(line -> text.append("# ").append(line).append('\n'));
    text.append("Rules = [\n");
    int rules = (int) entries.stream().filter(e -> e.rule().isPresent()).count();
    int written = 0;
    for (Entry entry : entries) {
      String source = entry.suggestion().rule().equals("(ours)") ? "" : " (Deequ " + entry.suggestion().rule() + ")";
      text.append("    # ").append(oneLineDescription(entry.suggestion().description())).append(source).append('\n');
      text.append("    #   ").append(entry.evidence()).append('\n');
      if (entry.rule().isPresent()) {
        written++;
        text.append("    ").append(entry.rule().get()).append(written < rules ? "," : "").append('\n');
      } else {
        text.append("    #   left out: ").append(entry.leftOut().replaceAll("[\\r\\n]+", " ")).append('\n');
      }
    }
    return text.append("]\n").toString();
  }

  private static String oneLineDescription(String description) {
    return description.replaceAll("[\\r\\n]+", " ");
  }
}

package dev.glueetl.config;

import dev.glueetl.error.Errors;
import dev.glueetl.sql.QueryText;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One curated metric table of a pipeline: a Spark SQL query over the pipeline's trusted tables, the columns that key a
 * row, the column by which rows are replaced, and how far a touched date reaches.
 *
 * @param table the curated table name ({@code <pipeline>_curated.<table>})
 * @param sql the query text: exactly one query, checked when the pipeline file is read ({@link QueryText})
 * @param source where the query came from (a file, or the pipeline file for an inline query), for messages
 * @param key the columns that identify a row (the primary key of an exported table)
 * @param replaceBy the column whose affected values are replaced on each run (a date column)
 * @param reach which values of {@code replaceBy} a touched date affects
 */
public record MetricConfig(String table, String sql, String source, List<String> key, String replaceBy, Reach reach) {

  /**
   * How touched dates map to the rows to recompute.
   *
   * @param kind DAY: the touched dates; ROLLING: each touched date and the {@code days - 1} following (windows ending on
   *     them include it); FIRST_SEEN: the touched dates plus the first dates (before and after this run) of every
   *     {@code entity} active on a touched date; COHORT_WEEK: the ISO weeks (Mondays) of those first dates
   */
  public record Reach(Kind kind, int days, String entity) {
    public enum Kind {
      DAY,
      ROLLING,
      FIRST_SEEN,
      COHORT_WEEK
    }

    static final String EXPECTED = "day, rolling <N>d (e.g. rolling 30d), first_seen <column> or cohort_week <column>";

    static Reach parse(String text, ConfigNode node) {
      String[] words = text.trim().split("\\s+");
      switch (words[0].toLowerCase(Locale.ROOT)) {
        case "day":
          if (words.length == 1) {
            return new Reach(Kind.DAY, 1, "");
          }
          break;
        case "rolling":
          if (words.length == 2 && words[1].matches("[1-9][0-9]{0,3}d")) {
            return new Reach(Kind.ROLLING, Integer.parseInt(words[1].substring(0, words[1].length() - 1)), "");
          }
          break;
        case "first_seen":
          if (words.length == 2) {
            return new Reach(Kind.FIRST_SEEN, 1, words[1]);
          }
          break;
        case "cohort_week":
          if (words.length == 2) {
            return new Reach(Kind.COHORT_WEEK, 7, words[1]);
          }
          break;
        default:
          break;
      }
      throw Errors.invalidValue(node.keyOf("reach"), node.file(), text, EXPECTED);
    }
  }

  static MetricConfig parse(ConfigNode node, Function<String, String> readRelative) {
    node.rejectUnknownKeys(List.of("table", "sql", "query", "key", "replace_by", "reach"));
    String table = node.requiredString("table", "the curated table name, e.g. daily_active_users");
    if (!table.matches("[a-z][a-z0-9_]*")) {
      throw Errors.invalidValue(node.keyOf("table"), node.file(), table, "lower-case letters, digits and '_'");
    }
    String sql;
    String source;
    if (node.has("sql") == node.has("query")) {
      throw Errors.missingKey(node.keyOf("sql"), node.file(), "either sql (a .sql file next to the pipeline file) or query (inline SQL), not both");
    }
    if (node.has("sql")) {
      source = node.requiredString("sql", "a .sql file, relative to the pipeline file");
      try {
        sql = readRelative.apply(source);
      } catch (dev.glueetl.error.GlueEtlException e) {
        throw Errors.invalidValue(node.keyOf("sql"), node.file(), source, "a readable .sql file relative to the pipeline file (" + e.parameters().getOrDefault("file", source) + " cannot be read)");
      }
    } else {
      source = node.file() + " (" + node.keyOf("query") + ")";
      sql = node.requiredString("query", "a Spark SQL query");
    }
    QueryText.requireSingleQuery(sql, source);
    List<String> key = node.stringOrList("key", "the columns that identify a row, e.g. [date, platform]")
        .orElseThrow(() -> Errors.missingKey(node.keyOf("key"), node.file(), "the columns that identify a row, e.g. [date, platform]"));
    String replaceBy = node.string("replace_by", "date", "the date column whose affected values each run replaces");
    if (!key.contains(replaceBy)) {
      throw Errors.invalidValue(node.keyOf("replace_by"), node.file(), replaceBy, "one of the key columns " + key);
    }
    Reach reach = Reach.parse(node.string("reach", "day", Reach.EXPECTED), node);
    return new MetricConfig(table, sql, source, key, replaceBy, reach);
  }
}

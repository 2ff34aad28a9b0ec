package dev.glueetl.config;

import dev.glueetl.sql.QueryText;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * @param model a model trained on the query's rows instead of the rows themselves, if any: the query returns the
 *     features
 */
public record MetricConfig(String table, String sql, String source, List<String> key, String replaceBy, Reach reach, Optional<Model> model) {

  /**
   * A Spark MLlib model as a metric: the query returns one row per entity, its id column and numeric feature columns; the
   * table holds each entity's cluster and {@code <table>_centres} each cluster's centre.
   *
   * @param type the model (k-means only)
   * @param k the number of clusters, at least 2 and at most the number of entities
   * @param seed the random seed of the initialisation: with the same rows, the same clusters on every run
   * @param id the column naming an entity (a region)
   * @param maxIterations the most iterations k-means runs
   */
  public record Model(Type type, int k, long seed, String id, int maxIterations) {
    /** The models a metric may be. */
    public enum Type {
      KMEANS
    }

    static final ConfigKey<Type> TYPE = ConfigKey.choice("type", Type.class, "kmeans").required().doc("the model: `kmeans` (k-means clustering)");
    static final ConfigKey<Integer> K =
        ConfigKey.wholeNumber("k", 2, 1000).required().doc("the number of clusters, 2 to 1000; a run with fewer entities than `k` fails (`METRIC_FAILED`)");
    static final ConfigKey<Integer> SEED =
        ConfigKey.wholeNumber("seed", 0, Integer.MAX_VALUE).defaultsTo(42).doc("the seed of the initial centres: the same rows give the same clusters");
    static final ConfigKey<String> ID =
        ConfigKey.text("id", "the column naming an entity, e.g. region").required().doc("the column of the query naming an entity; every other column is a numeric feature");
    static final ConfigKey<Integer> MAX_ITERATIONS =
        ConfigKey.wholeNumber("max_iterations", 1, 1000).defaultsTo(50).doc("the most iterations k-means runs");
    static final ConfigSection KEYS = ConfigSection.of(TYPE, K, SEED, ID, MAX_ITERATIONS);

    static Model parse(ConfigNode node) {
      return new Model(TYPE.read(node), K.read(node), SEED.read(node), ID.read(node), MAX_ITERATIONS.read(node));
    }
  }

  /**
   * How touched dates map to the rows to recompute.
   *
   * @param kind DAY: the touched dates; ROLLING: each touched date and the {@code days - 1} following (windows ending on
   *     them include it); FIRST_SEEN: the touched dates plus the first dates (before and after this run) of every
   *     {@code entity} active on a touched date; COHORT_WEEK: the ISO weeks (Mondays) of those first dates; ALL: the
   *     whole table, recomputed whenever anything changed (for queries that read across dates or by week)
   */
  public record Reach(Kind kind, int days, String entity) {
    public enum Kind {
      DAY,
      ROLLING,
      FIRST_SEEN,
      COHORT_WEEK,
      ALL
    }

    /** A reach as written: {@code day}, {@code rolling 30d}, {@code first_seen user_id}, {@code cohort_week user_id}. */
    static Optional<Reach> parse(String text) {
      String[] words = text.trim().split("\\s+");
      switch (words[0].toLowerCase(Locale.ROOT)) {
        case "day":
          if (words.length == 1) {
            return Optional.of(new Reach(Kind.DAY, 1, ""));
          }
          break;
        case "rolling":
          if (words.length == 2 && words[1].matches("[1-9][0-9]{0,3}d")) {
            return Optional.of(new Reach(Kind.ROLLING, Integer.parseInt(words[1].substring(0, words[1].length() - 1)), ""));
          }
          break;
        case "first_seen":
          if (words.length == 2) {
            return Optional.of(new Reach(Kind.FIRST_SEEN, 1, words[1]));
          }
          break;
        case "all":
          if (words.length == 1) {
            return Optional.of(new Reach(Kind.ALL, 1, ""));
          }
          break;
        case "cohort_week":
          if (words.length == 2) {
            return Optional.of(new Reach(Kind.COHORT_WEEK, 7, words[1]));
          }
          break;
        default:
          break;
      }
      return Optional.empty();
    }
  }

  static final ConfigKey<String> TABLE =
      ConfigKey.text("table", "the curated table name, e.g. daily_active_users")
          .required()
          .matching("[a-z][a-z0-9_]*", "lower-case letters, digits and '_'")
          .doc("the curated table, `<pipeline>_curated.<table>`: lower-case letters, digits, `_`");
  static final ConfigKey<String> SQL =
      ConfigKey.text("sql", "a .sql file, relative to the pipeline file").docRequired("this or `query`").doc("a `.sql` file holding the query, relative to the pipeline file");
  static final ConfigKey<String> QUERY = ConfigKey.text("query", "a Spark SQL query").docRequired("this or `sql`").doc("the query itself, inline");
  static final ConfigKey<List<String>> KEY =
      ConfigKey.textList("key", "the columns that identify a row, e.g. [date, platform]")
          .docRequired("yes, but for a model (its `id`)")
          .doc("the columns that identify a row (the primary key of an exported table)");
  static final ConfigKey<String> REPLACE_BY =
      ConfigKey.text("replace_by", "the date column whose affected values each run replaces")
          .defaultsTo("date")
          .doc("the column, one of `key`, whose affected values each run replaces");
  static final ConfigKey<Reach> REACH =
      ConfigKey.parsed("reach", "day, rolling <N>d (e.g. rolling 30d), first_seen <column>, cohort_week <column> or all", Reach::parse)
          .defaultsTo("day")
          .doc("which values of `replace_by` a changed date affects: `day`, `rolling <N>d`, `first_seen <column>`, `cohort_week <column>` or `all` (see [what a run recomputes](metrics-and-export.md#what-a-run-recomputes))");
  static final ConfigKey<ConfigNode> MODEL =
      ConfigKey.section("model", Model.KEYS)
          .doc("a Spark MLlib model instead of rows: the query returns its features, one row per entity (keys below; see [model step](metrics-and-export.md#model-step))");

  static final ConfigSection KEYS = ConfigSection.of(TABLE, SQL, QUERY, KEY, REPLACE_BY, REACH, MODEL);

  static MetricConfig parse(ConfigNode node, Function<String, String> readRelative) {
    String table = TABLE.read(node);
    String sql;
    String source;
    if (SQL.isSet(node) == QUERY.isSet(node)) {
      throw SQL.missing(node, "either sql (a .sql file next to the pipeline file) or query (inline SQL), not both");
    }
    if (SQL.isSet(node)) {
      source = SQL.read(node);
      try {
        sql = readRelative.apply(source);
      } catch (dev.glueetl.error.GlueEtlException e) {
        throw SQL.invalid(node, source, "a readable .sql file relative to the pipeline file (" + e.parameters().getOrDefault("file", source) + " cannot be read)");
      }
    } else {
      source = node.file() + " (" + node.keyOf(QUERY.name()) + ")";
      sql = QUERY.read(node);
    }
    QueryText.requireSingleQuery(sql, source);
    Optional<Model> model = MODEL.optional(node).map(Model::parse);
    if (model.isPresent()) {
      // a model is trained on every entity at once: its table is rebuilt whenever anything changed
      for (ConfigKey<?> rowKey : List.of(KEY, REPLACE_BY)) {
        if (rowKey.isSet(node)) {
          throw rowKey.invalid(node, "(set)", "no " + rowKey.name() + " with a model (its rows are keyed by model.id)");
        }
      }
      Reach reach = REACH.read(node);
      if (reach.kind() != Reach.Kind.ALL && REACH.isSet(node)) {
        throw REACH.invalid(node, REACH.writtenText(node).orElse(""), "all, or no reach: a model is retrained over every entity when anything changed");
      }
      String id = model.get().id();
      return new MetricConfig(table, sql, source, List.of(id), id, new Reach(Reach.Kind.ALL, 1, ""), model);
    }
    if (!KEY.isSet(node)) {
      throw KEY.missing(node, "the columns that identify a row, e.g. [date, platform]");
    }
    List<String> key = KEY.read(node);
    String replaceBy = REPLACE_BY.read(node);
    if (!key.contains(replaceBy)) {
      throw REPLACE_BY.invalid(node, replaceBy, "one of the key columns " + key);
    }
    return new MetricConfig(table, sql, source, key, replaceBy, REACH.read(node), Optional.empty());
  }
}

package dev.glueetl.sql;

import dev.glueetl.error.Errors;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The tables a query reads, taken from the plan Spark's parser makes of it (no regular expression over the text):
 * every {@code UnresolvedRelation} of the parsed plan, in subqueries and CTE definitions too, except the names that
 * refer to a CTE in scope.
 *
 * <pre>
 * WITH recent AS (SELECT * FROM events WHERE event_date &gt; (SELECT MAX(date) - 7 FROM affected_dates))
 * SELECT * FROM recent r JOIN app_events_trusted.sessions s ON ...
 *   → [affected_dates, app_events_trusted.sessions, events]
 * </pre>
 *
 * Scoping follows Spark's CTE substitution: a CTE definition sees the CTEs defined before it in the same {@code WITH}
 * and those of enclosing queries, but not itself ({@code WITH events AS (SELECT * FROM events)} reads the table
 * {@code events}); the body of the {@code WITH} sees them all; names compare case-insensitively.
 */
public final class TableReferences {
  private TableReferences() {}

  /**
   * The distinct tables {@code sql} reads, as written ({@code events}, {@code app_events_trusted.sessions}), sorted by
   * lower-cased name; of names differing only in case, the first spelling met.
   *
   * @param source where the text comes from, for the error
   * @throws dev.glueetl.error.GlueEtlException SQL_INVALID when the text does not parse
   */
  public static List<String> of(ParserInterface parser, String sql, String source) {
    LogicalPlan plan;
    try {
      plan = parser.parsePlan(sql);
    } catch (Exception e) { // ParseException: checked to Java, undeclared by Scala
      throw Errors.invalidSql(source, String.valueOf(e.getMessage()).strip().lines().findFirst().orElse(""));
    }
    Map<String, String> found = new LinkedHashMap<>();
    collect(plan, Set.of(), found);
    return found.keySet().stream().sorted().map(found::get).toList();
  }

  /** Adds the relations under {@code node} (a plan, an expression, a field of one) to {@code found}, by lower-case name. */
  private static void collect(Object node, Set<String> ctes, Map<String, String> found) {
    if (node instanceof UnresolvedRelation relation) {
      List<String> parts = JavaConverters.seqAsJavaList(relation.multipartIdentifier());
      String name = String.join(".", parts);
      if (!(parts.size() == 1 && ctes.contains(lower(name)))) {
        found.putIfAbsent(lower(name), name);
      }
      return;
    }
    if (node instanceof UnresolvedWith with) {
      Set<String> scope = new HashSet<>(ctes);
      for (Tuple2<String, ?> cte : JavaConverters.seqAsJavaList(with.cteRelations())) {
        collect(cte._2(), Set.copyOf(scope), found); // before its own name is in scope: not recursive
        scope.add(lower(cte._1()));
      }
      collect(with.child(), Set.copyOf(scope), found);
      return;
    }
    // every field of a plan or expression node: children, subquery plans in expressions (IN, EXISTS, scalar, lateral),
    // time travel's relation (no child of RelationTimeTravel), window definitions
    if (node instanceof scala.collection.Iterable<?> values) {
      each(JavaConverters.asJavaIterator(values.iterator()), ctes, found);
    } else if (node instanceof scala.Product product) {
      each(JavaConverters.asJavaIterator(product.productIterator()), ctes, found);
    }
  }

  private static void each(Iterator<?> values, Set<String> ctes, Map<String, String> found) {
    while (values.hasNext()) {
      collect(values.next(), ctes, found);
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}

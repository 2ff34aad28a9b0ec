package dev.glueetl.sql;

import dev.glueetl.error.Errors;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.apache.spark.sql.catalyst.analysis.ExpressionWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedGenerator;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.parser.SqlBaseLexer;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.execution.SparkSqlParser;
import scala.collection.JavaConverters;

/**
 * Guards the SQL a pipeline file brings (metric queries, DQDL {@code CustomSql} statements and {@code where} clauses)
 * when the file is loaded, before any Spark work, with Spark's own parser and lexer; no session is needed.
 *
 * <p>{@link #requireSingleQuery} accepts exactly one query: {@code SELECT ...}, {@code WITH ... SELECT ...}, {@code
 * VALUES ...}, a trailing {@code ;}, comments. It refuses, in this order:
 *
 * <ol>
 *   <li>text that is not one statement ({@code select 1; drop table x}): Spark's lexer counts the statements, so a
 *       {@code ;} inside a string literal or a comment does not count;
 *   <li>a statement Spark runs but that is no query: DDL, DML and commands ({@code DeleteFromTable}, {@code DropTable},
 *       {@code InsertIntoStatement}, {@code CacheTable}, {@code CreateFunction}, {@code SetCommand}), named by the plan
 *       Spark parses it into;
 *   <li>a query that runs code: a call of {@code reflect}, {@code java_method} or {@code try_reflect} (they call any
 *       static Java method), {@code TRANSFORM ... USING} (it runs a program), or a function named through {@code
 *       IDENTIFIER(...)} (its name is known only when the query runs), anywhere in the plan: subqueries, CTEs, lateral
 *       views, window definitions.
 * </ol>
 *
 * A text Spark cannot parse at all is reported as {@code SQL_INVALID} with the parser's message.
 *
 * <p>Why both {@code parsePlan} and {@code parseQuery}: on Spark 3.5 {@code parseQuery} ignores what follows the first
 * query ({@code select 1; drop table x} passes), and {@code parsePlan} accepts any statement.
 */
public final class QueryText {
  /** Functions that call a static Java method named in their arguments. */
  public static final Set<String> CODE_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

  private static final ParserInterface CATALYST = CatalystSqlParser$.MODULE$;

  private QueryText() {}

  /**
   * Checks that {@code sql} is exactly one query that runs no code.
   *
   * @param source where the text comes from (a file, or a pipeline key), for the error
   * @throws dev.glueetl.error.GlueEtlException SQL_NOT_A_QUERY with {@code found} ({@code DropTable}, {@code 2
   *     statements}, {@code reflect()}) when it is something else; SQL_INVALID when it does not parse
   */
  public static void requireSingleQuery(String sql, String source) {
    LogicalPlan plan;
    try {
      plan = CATALYST.parsePlan(sql);
    } catch (Exception e) { // ParseException: a checked exception to Java, undeclared by Scala
      int statements = statements(sql);
      if (statements > 1) {
        throw Errors.sqlNotAQuery(source, statements + " statements");
      }
      throw command(sql).map(found -> Errors.sqlNotAQuery(source, found)).orElseGet(() -> Errors.invalidSql(source, parserMessage(e)));
    }
    try {
      CATALYST.parseQuery(sql);
    } catch (Exception e) {
      throw Errors.sqlNotAQuery(source, plan.getClass().getSimpleName());
    }
    codeCall(plan).ifPresent(found -> {
      throw Errors.sqlNotAQuery(source, found);
    });
  }

  /**
   * Checks that {@code condition} is one Spark SQL expression (a filter such as a DQDL {@code where} clause) that runs no
   * code.
   *
   * @throws dev.glueetl.error.GlueEtlException SQL_NOT_A_QUERY with {@code found} ({@code reflect()}) for a call that
   *     runs code; SQL_INVALID when it does not parse as an expression
   */
  public static void requireCondition(String condition, String source) {
    Expression expression;
    try {
      expression = CATALYST.parseExpression(condition);
    } catch (Exception e) {
      throw Errors.invalidSql(source, parserMessage(e));
    }
    codeCall(expression).ifPresent(found -> {
      throw Errors.sqlNotAQuery(source, found);
    });
  }

  /**
   * The number of statements in {@code sql}: the non-empty runs of tokens between {@code ;} tokens of Spark's lexer.
   * Comments and whitespace are on the lexer's hidden channel; a {@code ;} in a string literal is part of the literal.
   */
  static int statements(String sql) {
    // Spark lexes an upper-cased view of the text (its keywords are upper-case in the grammar)
    SqlBaseLexer lexer = new SqlBaseLexer(CharStreams.fromString(sql.toUpperCase(Locale.ROOT)));
    lexer.removeErrorListeners();
    int statements = 0;
    boolean inStatement = false;
    for (Token token : lexer.getAllTokens()) {
      if (token.getChannel() != Token.DEFAULT_CHANNEL || token.getType() == Token.EOF) {
        continue;
      }
      if (token.getType() == SqlBaseLexer.SEMICOLON) {
        statements += inStatement ? 1 : 0;
        inStatement = false;
      } else {
        inStatement = true;
      }
    }
    return statements + (inStatement ? 1 : 0);
  }

  /**
   * The plan name of a statement Spark's session parser knows and Catalyst's does not plan ({@code CreateFunction},
   * {@code SetCommand}, {@code AddJarsCommand}); empty when it is no such statement (a syntax error).
   */
  private static Optional<String> command(String sql) {
    SparkSqlParser parser = new SparkSqlParser();
    LogicalPlan plan;
    try {
      plan = parser.parsePlan(sql);
    } catch (Exception e) {
      return Optional.empty();
    }
    try {
      parser.parseQuery(sql);
      return Optional.empty(); // a query after all (the session parser substitutes ${variables}): report the syntax
    } catch (Exception e) {
      return Optional.of(plan.getClass().getSimpleName());
    }
  }

  /**
   * The first call that runs code in a parsed tree, as {@code reflect()}, {@code TRANSFORM ... USING} or {@code
   * IDENTIFIER(...)}. Walks the fields of every node (parse trees are case classes) rather than children and
   * expressions only, so no place a function can be called is missed: subquery plans, CTE definitions, window
   * definitions, hints.
   */
  static Optional<String> codeCall(Object node) {
    if (node instanceof ScriptTransformation) {
      return Optional.of("TRANSFORM ... USING");
    }
    if (node instanceof ExpressionWithUnresolvedIdentifier) {
      return Optional.of("IDENTIFIER(...)");
    }
    Optional<String> name = Optional.empty();
    if (node instanceof UnresolvedFunction function) {
      name = Optional.of(function.nameParts().last());
    } else if (node instanceof UnresolvedGenerator generator) {
      name = Optional.of(generator.name().funcName());
    } else if (node instanceof UnresolvedTableValuedFunction function) {
      name = Optional.of(function.name().last());
    }
    if (name.isPresent() && CODE_FUNCTIONS.contains(name.get().toLowerCase(Locale.ROOT))) {
      return Optional.of(name.get().toLowerCase(Locale.ROOT) + "()");
    }
    if (node instanceof scala.collection.Iterable<?> values) {
      return first(JavaConverters.asJavaIterator(values.iterator()));
    }
    if (node instanceof scala.Product product) {
      // every field of a plan or expression node: children, expressions, subquery plans, CTE definitions (not children
      // of UnresolvedWith), window definitions, options, tuples
      return first(JavaConverters.asJavaIterator(product.productIterator()));
    }
    return Optional.empty();
  }

  private static Optional<String> first(Iterator<?> values) {
    while (values.hasNext()) {
      Optional<String> found = codeCall(values.next());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The parser's first line: the error and its position, without the echoed SQL. */
  private static String parserMessage(Exception e) {
    String message = String.valueOf(e.getMessage()).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }
}

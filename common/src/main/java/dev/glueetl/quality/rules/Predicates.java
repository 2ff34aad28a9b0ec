package dev.glueetl.quality.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import software.amazon.glue.dqdl.model.condition.Condition;
import software.amazon.glue.dqdl.model.condition.date.DateBasedCondition;
import software.amazon.glue.dqdl.model.condition.date.DateExpression;
import software.amazon.glue.dqdl.model.condition.date.NullDateExpression;
import software.amazon.glue.dqdl.model.condition.duration.Duration;
import software.amazon.glue.dqdl.model.condition.duration.DurationBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.AtomicNumberOperand;
import software.amazon.glue.dqdl.model.condition.number.NullNumericOperand;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;
import software.amazon.glue.dqdl.model.condition.string.Keyword;
import software.amazon.glue.dqdl.model.condition.string.KeywordStringOperand;
import software.amazon.glue.dqdl.model.condition.string.StringBasedCondition;
import software.amazon.glue.dqdl.model.condition.string.StringOperand;

/**
 * Row predicates for the rules that judge each row ({@code ColumnValues}, {@code ColumnLength}, {@code DataFreshness}),
 * as Spark SQL columns that are never NULL: true means the row passes.
 *
 * <p>DQDL's NULL semantics: a NULL value fails every condition except {@code !=} and {@code not in} (where it passes
 * unless NULL is one of the listed values); {@code in [..., NULL]} lets NULL pass. {@code between a and b} is exclusive
 * of both ends, as in the DQDL library; {@code matches} must match the whole value.
 *
 * <pre>
 * ColumnValues "total" > 0                 total &gt; 0, NULL fails
 * ColumnValues "payment" in ["CASH", NULL] payment IN ('CASH') or payment IS NULL
 * ColumnValues "payment" != "CARD"         payment &lt;&gt; 'CARD', NULL passes
 * ColumnValues "at" > (now() - 3 days)     at &gt; now - 3 days (now fixed when the rule is evaluated)
 * ColumnLength "code" between 2 and 5      2 &lt; length(code) &lt; 5
 * DataFreshness "at" <= 24 hours           now - at &lt;= 24 h
 * </pre>
 */
public final class Predicates {
  private Predicates() {}

  /** The predicate of {@code ColumnValues "<column>" <condition>}; {@code now()} is {@code now}, in UTC. */
  public static Column columnValues(String column, Condition condition, Instant now) {
    Column value = col(quote(column));
    if (condition instanceof NumberBasedCondition number) {
      return numeric(value.cast("double"), number);
    }
    if (condition instanceof StringBasedCondition string) {
      return string(value.cast("string"), string);
    }
    if (condition instanceof DateBasedCondition date) {
      return date(value.cast("timestamp"), date, now);
    }
    throw new IllegalArgumentException("ColumnValues needs a number, string or date condition, found '" + condition.getConditionAsString() + "'");
  }

  /** The predicate of {@code ColumnLength "<column>" <condition>} on the value's length in characters. */
  public static Column columnLength(String column, Condition condition) {
    if (!(condition instanceof NumberBasedCondition number)) {
      throw new IllegalArgumentException("ColumnLength needs a number condition, found '" + condition.getConditionAsString() + "'");
    }
    return numeric(length(col(quote(column)).cast("string")).cast("double"), number);
  }

  /** The predicate of {@code DataFreshness "<column>" <duration condition>}: the age of each value at {@code now}. */
  public static Column freshness(String column, Condition condition, Instant now) {
    if (!(condition instanceof DurationBasedCondition duration)) {
      throw new IllegalArgumentException("DataFreshness needs a duration condition such as <= 24 hours, found '" + condition.getConditionAsString() + "'");
    }
    Column ageSeconds = lit(now.toEpochMilli() * 1000).minus(unix_micros(col(quote(column)).cast("timestamp"))).divide(1e6);
    List<Double> seconds = new ArrayList<>();
    for (Duration d : duration.getOperands()) {
      long unit =
          switch (d.getUnit()) {
            case MINUTES -> 60L;
            case HOURS -> 3_600L;
            case DAYS -> 86_400L;
          };
      seconds.add((double) d.getAmount() * unit);
    }
    return compare(ageSeconds, duration.getOperator().name(), seconds, false);
  }

  static Column numeric(Column value, NumberBasedCondition condition) {
    List<Double> operands = new ArrayList<>();
    boolean nullListed = false;
    for (NumericOperand operand : condition.getOperands()) {
      if (operand instanceof NullNumericOperand) {
        nullListed = true;
      } else if (operand instanceof AtomicNumberOperand) {
        operands.add(Double.parseDouble(operand.getOperand()));
      } else {
        throw new IllegalArgumentException("'" + operand + "' in a row condition: only plain numbers compare row values (dynamic values are for metric rules)");
      }
    }
    return compare(value, condition.getOperator().name(), operands, nullListed);
  }

  static Column string(Column value, StringBasedCondition condition) {
    List<String> literals = new ArrayList<>();
    boolean nullListed = false;
    Column keywords = lit(false);
    for (StringOperand operand : condition.getOperands()) {
      if (operand instanceof KeywordStringOperand keyword) {
        Keyword kind = Keyword.valueOf(keyword.getOperand());
        switch (kind) {
          case NULL -> nullListed = true;
          case EMPTY -> keywords = keywords.or(value.equalTo(lit("")));
          case WHITESPACES_ONLY -> keywords = keywords.or(trim(value).equalTo(lit("")).and(value.notEqual(lit(""))));
        }
      } else {
        literals.add(operand.getOperand());
      }
    }
    Column isNull = value.isNull();
    Column matchesAny = keywords;
    if (!literals.isEmpty()) {
      matchesAny = matchesAny.or(value.isin(literals.toArray()));
    }
    switch (condition.getOperator()) {
      case EQUALS:
      case IN:
        return when(isNull, lit(nullListed)).otherwise(matchesAny);
      case NOT_EQUALS:
      case NOT_IN:
        return when(isNull, lit(!nullListed)).otherwise(not(matchesAny));
      case MATCHES:
        return when(isNull, lit(false)).otherwise(value.rlike("^(?:" + literals.get(0) + ")$"));
      default: // NOT_MATCHES
        return when(isNull, lit(true)).otherwise(not(value.rlike("^(?:" + literals.get(0) + ")$")));
    }
  }

  static Column date(Column value, DateBasedCondition condition, Instant now) {
    List<Timestamp> operands = new ArrayList<>();
    boolean nullListed = false;
    for (DateExpression operand : condition.getOperands()) {
      if (operand instanceof NullDateExpression) {
        nullListed = true;
      } else {
        operands.add(Timestamp.from(instant(operand, now)));
      }
    }
    List<Double> micros = new ArrayList<>();
    operands.forEach(t -> micros.add((double) (t.getTime() * 1000)));
    return compare(unix_micros(value).cast("double"), condition.getOperator().name(), micros, nullListed);
  }

  /**
   * A date operand as an instant: {@code now()} and {@code (now() - 3 days)} relative to {@code now} (the library would
   * use the JVM's zone), dates and times as UTC.
   */
  static Instant instant(DateExpression operand, Instant now) {
    if (operand instanceof DateExpression.CurrentDate) {
      return now;
    }
    if (operand instanceof DateExpression.CurrentDateExpression relative) {
      Duration duration = relative.getDuration();
      long seconds =
          (long) duration.getAmount()
              * switch (duration.getUnit()) {
                case MINUTES -> 60L;
                case HOURS -> 3_600L;
                case DAYS -> 86_400L;
              };
      return relative.getOperator() == DateExpression.DateExpressionOperator.MINUS ? now.minusSeconds(seconds) : now.plusSeconds(seconds);
    }
    return operand.getEvaluatedExpression().toInstant(ZoneOffset.UTC);
  }

  /** {@code value <operator> operands} with DQDL's NULL rules; the operator names are shared by every condition kind. */
  private static Column compare(Column value, String operator, List<Double> operands, boolean nullListed) {
    Column test =
        switch (operator) {
          case "GREATER_THAN" -> value.gt(operands.get(0));
          case "GREATER_THAN_EQUAL_TO" -> value.geq(operands.get(0));
          case "LESS_THAN" -> value.lt(operands.get(0));
          case "LESS_THAN_EQUAL_TO" -> value.leq(operands.get(0));
          case "EQUALS" -> operands.isEmpty() ? lit(false) : value.equalTo(operands.get(0));
          case "NOT_EQUALS" -> operands.isEmpty() ? lit(true) : value.notEqual(operands.get(0));
          case "BETWEEN" -> value.gt(operands.get(0)).and(value.lt(operands.get(1)));
          case "NOT_BETWEEN" -> value.leq(operands.get(0)).or(value.geq(operands.get(1)));
          case "IN" -> operands.isEmpty() ? lit(false) : value.isin(operands.toArray());
          case "NOT_IN" -> operands.isEmpty() ? lit(true) : not(value.isin(operands.toArray()));
          default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    boolean nullPasses = operator.startsWith("NOT_") && !operator.equals("NOT_BETWEEN") ? !nullListed : nullListed;
    return when(value.isNull(), lit(nullPasses)).otherwise(test);
  }

  public static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}

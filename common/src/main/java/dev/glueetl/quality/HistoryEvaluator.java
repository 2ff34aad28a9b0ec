package dev.glueetl.quality;

import java.util.ArrayList;
import java.util.List;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.number.AtomicNumberOperand;
import software.amazon.glue.dqdl.model.condition.number.BinaryExpressionOperand;
import software.amazon.glue.dqdl.model.condition.number.FunctionCallOperand;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;
import software.amazon.glue.dqdl.model.condition.number.OperandEvaluator;

/**
 * Gives DQDL number operands their values: plain numbers, arithmetic, and the functions of dynamic rules over a
 * metric's earlier values: {@code avg(last(k))}, {@code min}, {@code max}, {@code sum}, {@code stdev}, and
 * {@code index(last(k), i)} (0 = the most recent). With fewer earlier runs than {@code k}, it uses those there are and
 * says so in {@link #notes()}.
 */
final class HistoryEvaluator extends OperandEvaluator {
  private static final long serialVersionUID = 1L;

  private final String metric;
  private final transient MetricHistory history;
  private final List<String> notes = new ArrayList<>();
  private boolean noHistory;

  HistoryEvaluator(String metric, MetricHistory history) {
    this.metric = metric;
    this.history = history;
  }

  @Override
  public Double evaluate(DQRule rule, NumericOperand operand) {
    if (operand instanceof AtomicNumberOperand) {
      return Double.parseDouble(operand.getOperand());
    }
    if (operand instanceof BinaryExpressionOperand binary) {
      double left = evaluate(rule, binary.getOperand1());
      double right = evaluate(rule, binary.getOperand2());
      return switch (binary.getOperator()) {
        case "+" -> left + right;
        case "-" -> left - right;
        case "*" -> left * right;
        case "/" -> left / right;
        default -> throw new IllegalArgumentException("unknown operator " + binary.getOperator());
      };
    }
    if (operand instanceof FunctionCallOperand call) {
      return function(rule, call);
    }
    throw new IllegalArgumentException("cannot evaluate '" + operand + "'");
  }

  private double function(DQRule rule, FunctionCallOperand call) {
    String name = call.getFunctionName().toLowerCase(java.util.Locale.ROOT);
    if (name.equals("last")) {
      throw new IllegalArgumentException("last(k) is a list of earlier values: aggregate it, e.g. avg(last(" + argument(rule, call, 0) + "))");
    }
    if (call.getOperands().isEmpty() || !(call.getOperands().get(0) instanceof FunctionCallOperand inner) || !inner.getFunctionName().equalsIgnoreCase("last")) {
      throw new IllegalArgumentException(call.getFunctionName() + "(...) takes last(k), e.g. " + call.getFunctionName() + "(last(5))");
    }
    int wanted = (int) argument(rule, inner, 0);
    List<Double> values = history.last(metric, wanted);
    if (values.isEmpty()) {
      noHistory = true;
      throw new NoHistoryException();
    }
    if (values.size() < wanted) {
      notes.add("dynamic rule: " + values.size() + " of the " + wanted + " earlier runs asked for exist, used those");
    }
    double sum = values.stream().mapToDouble(Double::doubleValue).sum();
    double mean = sum / values.size();
    return switch (name) {
      case "avg" -> mean;
      case "sum" -> sum;
      case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      case "stdev", "std" -> Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / values.size());
      case "index" -> values.get(Math.min(values.size() - 1, (int) argument(rule, call, 1)));
      default -> throw new IllegalArgumentException("unknown function " + call.getFunctionName() + " (known: avg, min, max, sum, stdev, index, last)");
    };
  }

  private double argument(DQRule rule, FunctionCallOperand call, int index) {
    if (call.getOperands().size() <= index) {
      throw new IllegalArgumentException(call + " needs " + (index + 1) + " arguments");
    }
    return evaluate(rule, call.getOperands().get(index));
  }

  List<String> notes() {
    return notes;
  }

  boolean lackedHistory() {
    return noHistory;
  }

  /** No earlier value exists: the first run of a dynamic rule cannot compare against anything. */
  static final class NoHistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoHistoryException() {
      super("no earlier runs", null, false, false);
    }
  }
}

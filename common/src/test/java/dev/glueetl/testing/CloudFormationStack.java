package dev.glueetl.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation template as a stack would see it once its parameter values are given: each condition evaluated,
 * resources whose condition is false left out, {@code Ref} to a parameter or pseudo parameter replaced by its value,
 * {@code Fn::Sub} substituted (a {@code Ref} to a Number parameter gives a number), {@code Fn::If} decided and {@code Ref AWS::NoValue} removed (the key or list item is
 * gone). {@code Ref} to a resource and {@code Fn::GetAtt} stay as they are, so tests can still follow them to logical
 * ids. Parameters without a value take their {@code Default}; one with neither fails the test, as CloudFormation
 * would refuse the stack.
 */
public final class CloudFormationStack {
  /** The pseudo parameters every test stack has, besides {@code AWS::StackName}, which the caller names. */
  public static final Map<String, String> PSEUDO_PARAMETERS = Map.of("AWS::Partition", "aws", "AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012");

  private static final Object NO_VALUE = new Object();
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}");

  private final Map<String, String> values = new LinkedHashMap<>();
  private final java.util.Set<String> numbers = new java.util.HashSet<>();
  private final Map<String, Object> conditionDefinitions;
  private final Map<String, Boolean> conditions = new LinkedHashMap<>();

  private CloudFormationStack(Map<String, Object> template, Map<String, String> given) {
    values.putAll(PSEUDO_PARAMETERS);
    map(template.getOrDefault("Parameters", Map.of())).forEach((name, definition) -> {
      Object value = given.containsKey(name) ? given.get(name) : map(definition).get("Default");
      if (value == null) {
        throw new AssertionError("parameter " + name + " has no value and no default");
      }
      values.put(name, String.valueOf(value));
      if ("Number".equals(map(definition).get("Type"))) {
        numbers.add(name);
      }
    });
    given.forEach((name, value) -> {
      if (!values.containsKey(name) && !name.startsWith("AWS::")) {
        throw new AssertionError("the template has no parameter " + name);
      }
      values.put(name, value);
    });
    if (!values.containsKey("AWS::StackName")) {
      throw new AssertionError("give AWS::StackName");
    }
    conditionDefinitions = map(template.getOrDefault("Conditions", Map.of()));
    conditionDefinitions.keySet().forEach(this::condition);
  }

  /** {@code template} with {@code parameters} (and {@code AWS::StackName}) applied. */
  public static Map<String, Object> resolve(Map<String, Object> template, Map<String, String> parameters) {
    CloudFormationStack stack = new CloudFormationStack(template, parameters);
    Map<String, Object> resolved = new LinkedHashMap<>(template);
    Map<String, Object> resources = new LinkedHashMap<>();
    map(template.get("Resources")).forEach((id, resource) -> {
      Object condition = map(resource).get("Condition");
      if (condition == null || stack.condition((String) condition)) {
        resources.put(id, stack.value(resource));
      }
    });
    resolved.put("Resources", resources);
    if (template.containsKey("Outputs")) {
      resolved.put("Outputs", stack.value(template.get("Outputs")));
    }
    return resolved;
  }

  /** The evaluated conditions of {@code template} for {@code parameters}. */
  public static Map<String, Boolean> conditions(Map<String, Object> template, Map<String, String> parameters) {
    return new CloudFormationStack(template, parameters).conditions;
  }

  private boolean condition(String name) {
    Boolean known = conditions.get(name);
    if (known == null) {
      Object definition = conditionDefinitions.get(name);
      if (definition == null) {
        throw new AssertionError("no condition " + name);
      }
      known = truth(definition);
      conditions.put(name, known);
    }
    return known;
  }

  private boolean truth(Object expression) {
    Map<String, Object> function = map(expression);
    if (function.containsKey("Fn::Equals")) {
      List<Object> sides = list(function.get("Fn::Equals"));
      return String.valueOf(value(sides.get(0))).equals(String.valueOf(value(sides.get(1))));
    }
    if (function.containsKey("Fn::Not")) {
      return !truth(list(function.get("Fn::Not")).get(0));
    }
    if (function.containsKey("Fn::And")) {
      return list(function.get("Fn::And")).stream().allMatch(this::truth);
    }
    if (function.containsKey("Fn::Or")) {
      return list(function.get("Fn::Or")).stream().anyMatch(this::truth);
    }
    if (function.containsKey("Condition")) {
      return condition((String) function.get("Condition"));
    }
    throw new AssertionError("not a condition function: " + expression);
  }

  private Object value(Object value) {
    if (value instanceof Map<?, ?> raw) {
      Map<String, Object> m = map(raw);
      if (m.size() == 1 && m.containsKey("Ref")) {
        String name = (String) m.get("Ref");
        if (name.equals("AWS::NoValue")) {
          return NO_VALUE;
        }
        if (numbers.contains(name)) { // a Number parameter is a number where a property takes one
          java.math.BigDecimal number = new java.math.BigDecimal(values.get(name));
          return number.scale() <= 0 ? (Object) number.intValueExact() : (Object) number.doubleValue();
        }
        return values.containsKey(name) ? values.get(name) : m;
      }
      if (m.size() == 1 && m.containsKey("Fn::Sub")) {
        Matcher matcher = SUB_VARIABLE.matcher((String) m.get("Fn::Sub"));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
          String name = matcher.group(1);
          if (!values.containsKey(name)) {
            throw new AssertionError("${" + name + "} in " + m.get("Fn::Sub") + " is no parameter or pseudo parameter");
          }
          matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(name)));
        }
        matcher.appendTail(out);
        return out.toString();
      }
      if (m.size() == 1 && m.containsKey("Fn::If")) {
        List<Object> branches = list(m.get("Fn::If"));
        return value(condition((String) branches.get(0)) ? branches.get(1) : branches.get(2));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((key, item) -> {
        Object resolved = value(item);
        if (resolved != NO_VALUE) {
          out.put(key, resolved);
        }
      });
      return out;
    }
    if (value instanceof List<?> items) {
      List<Object> out = new ArrayList<>();
      for (Object item : items) {
        Object resolved = value(item);
        if (resolved != NO_VALUE) {
          out.add(resolved);
        }
      }
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}

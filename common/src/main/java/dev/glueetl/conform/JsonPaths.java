package dev.glueetl.conform;

import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Dot paths into nested records ({@code meta.id}, {@code data.device.os}): the read schema they imply and the column
 * that reaches them. Every leaf is read as text: Spark's JSON reader then keeps a number or an object as its JSON text,
 * so one schema serves sources that write a timestamp as {@code 1700000000000} or as {@code "1700000000000"}.
 */
public final class JsonPaths {
  private JsonPaths() {}

  /**
   * The smallest schema holding every path as a string leaf.
   *
   * @throws IllegalArgumentException when one path is a prefix of another ({@code data} and {@code data.id})
   */
  public static StructType schemaOf(List<String> paths) {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (String path : paths) {
      Map<String, Object> node = tree;
      String[] parts = path.split("\\.");
      for (int i = 0; i < parts.length; i++) {
        boolean leaf = i == parts.length - 1;
        Object existing = node.get(parts[i]);
        if (leaf) {
          if (existing instanceof Map) {
            throw new IllegalArgumentException(path + " is both a value and an object holding other mapped paths");
          }
          node.put(parts[i], StringType);
        } else {
          if (existing != null && !(existing instanceof Map)) {
            throw new IllegalArgumentException(path + " reaches inside " + String.join(".", List.of(parts).subList(0, i + 1)) + ", which is mapped as a value");
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
          node = child;
        }
      }
    }
    return toStruct(tree);
  }

  /** The column at {@code path} inside the struct column {@code record}. */
  public static Column at(Column record, String path) {
    Column column = record;
    for (String part : path.split("\\.")) {
      column = column.getField(part);
    }
    return column;
  }

  /** True when {@code schema} has a field at {@code path}. */
  public static boolean exists(StructType schema, String path) {
    StructType current = schema;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      StructField found = null;
      for (StructField field : current.fields()) {
        if (field.name().equals(parts[i])) {
          found = field;
        }
      }
      if (found == null) {
        return false;
      }
      if (i < parts.length - 1) {
        if (!(found.dataType() instanceof StructType struct)) {
          return false;
        }
        current = struct;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static StructType toStruct(Map<String, Object> tree) {
    List<StructField> fields = new ArrayList<>();
    tree.forEach(
        (name, value) ->
            fields.add(
                new StructField(
                    name,
                    value instanceof Map ? toStruct((Map<String, Object>) value) : StringType,
                    true,
                    org.apache.spark.sql.types.Metadata.empty())));
    return new StructType(fields.toArray(new StructField[0]));
  }
}

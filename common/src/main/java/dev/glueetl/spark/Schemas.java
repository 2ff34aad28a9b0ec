package dev.glueetl.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Helpers to hold datasets to their declared schemas. */
public final class Schemas {
  private Schemas() {}

  /**
   * Selects the columns of {@code schema} from {@code data}, in the declared order and cast to the declared types, so a
   * write matches its table exactly. A missing column is a bug in the calling transformation, not a user error.
   */
  public static Dataset<Row> conform(Dataset<Row> data, StructType schema) {
    List<String> available = Arrays.asList(data.columns());
    Column[] columns = new Column[schema.fields().length];
    for (int i = 0; i < columns.length; i++) {
      StructField field = schema.fields()[i];
      if (!available.contains(field.name())) {
        throw new IllegalStateException("column " + field.name() + " missing; have " + available);
      }
      columns[i] = data.col("`" + field.name() + "`").cast(field.dataType()).as(field.name());
    }
    return data.select(columns);
  }
}

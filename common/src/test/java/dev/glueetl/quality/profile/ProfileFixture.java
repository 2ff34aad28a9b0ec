package dev.glueetl.quality.profile;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A dozen hand-written rows to profile (ProfilerTest computes its figures by hand; ProfileCommandTest profiles it as a
 * Delta table): ints with a NULL, a category column, a double column, a text column with a NULL.
 *
 * <pre>
 * id  score  status   amount  city
 *  1  10     present  12.5    Oslo
 *  2  20     present   0.0    Lima
 *  3  30     late      7.25   Oslo
 *  4  10     present   3.0    Rome
 *  5  20     absent   10.0    Lima
 *  6  30     late      2.5    Oslo
 *  7  10     excused   5.0    Kyiv
 *  8  20     present   1.75   Oslo
 *  9  30     late      4.0    Lima
 * 10  10     absent    6.0    NULL
 * 11  20     excused   8.0    Rome
 * 12  NULL   present   9.0    Oslo
 * </pre>
 */
public final class ProfileFixture {
  public static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("score", DataTypes.IntegerType)
          .add("status", DataTypes.StringType)
          .add("amount", DataTypes.DoubleType)
          .add("city", DataTypes.StringType);

  public static final List<Row> ROWS =
      List.of(
          RowFactory.create(1, 10, "present", 12.5, "Oslo"),
          RowFactory.create(2, 20, "present", 0.0, "Lima"),
          RowFactory.create(3, 30, "late", 7.25, "Oslo"),
          RowFactory.create(4, 10, "present", 3.0, "Rome"),
          RowFactory.create(5, 20, "absent", 10.0, "Lima"),
          RowFactory.create(6, 30, "late", 2.5, "Oslo"),
          RowFactory.create(7, 10, "excused", 5.0, "Kyiv"),
          RowFactory.create(8, 20, "present", 1.75, "Oslo"),
          RowFactory.create(9, 30, "late", 4.0, "Lima"),
          RowFactory.create(10, 10, "absent", 6.0, null),
          RowFactory.create(11, 20, "excused", 8.0, "Rome"),
          RowFactory.create(12, null, "present", 9.0, "Oslo"));


  private ProfileFixture() {}
}

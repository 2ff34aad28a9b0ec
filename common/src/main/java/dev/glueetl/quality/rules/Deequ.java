package dev.glueetl.quality.rules;

import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.constraints.Constraint;
import java.util.List;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** The few Scala values that Deequ's API needs from Java, in one place. */
public final class Deequ {
  private Deequ() {}

  /** A Check with no constraints yet, failing at level Error. */
  @SuppressWarnings("unchecked")
  public static Check check(String description) {
    return new Check(CheckLevel.Error(), description, (Seq<Constraint>) (Seq<?>) scala.collection.immutable.Nil$.MODULE$);
  }

  public static <T> Option<T> none() {
    return Option.empty();
  }

  public static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSeq();
  }

  public static scala.collection.immutable.List<String> emptyList() {
    return scala.collection.immutable.List$.MODULE$.empty();
  }
}

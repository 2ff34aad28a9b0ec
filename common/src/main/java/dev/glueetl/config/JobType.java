package dev.glueetl.config;

import java.util.Locale;

/**
 * The Glue jobs of this project: their Java main class, the jar that holds it, and the Scala entry object (in
 * {@code glue-scripts/}) that Glue compiles and starts with {@code --class}.
 */
public enum JobType {
  PREPROCESS("dev.glueetl.jobs.preprocess.PreprocessJob", "glue-etl-preprocess.jar", "GlueEtlPreprocess"),
  AGGREGATE("dev.glueetl.jobs.aggregate.AggregateJob", "glue-etl-aggregate.jar", "GlueEtlAggregate"),
  QUALITY("dev.glueetl.jobs.quality.QualityJob", "glue-etl-quality.jar", "GlueEtlQuality");

  private final String mainClass;
  private final String jar;
  private final String scriptObject;

  JobType(String mainClass, String jar, String scriptObject) {
    this.mainClass = mainClass;
    this.jar = jar;
    this.scriptObject = scriptObject;
  }

  public String mainClass() {
    return mainClass;
  }

  public String jar() {
    return jar;
  }

  /** The Scala object Glue starts ({@code --class}); its script is {@code glue-scripts/<object>.scala}. */
  public String scriptObject() {
    return scriptObject;
  }

  public String script() {
    return scriptObject + ".scala";
  }

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

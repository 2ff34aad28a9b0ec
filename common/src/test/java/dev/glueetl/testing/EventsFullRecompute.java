package dev.glueetl.testing;

import static org.apache.spark.sql.functions.col;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.events.ConformEvents;
import dev.glueetl.events.DeduplicateEvents;
import dev.glueetl.events.EventLanding;
import dev.glueetl.events.EventSchemas;
import dev.glueetl.events.Sessionize;
import dev.glueetl.spark.Schemas;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What one full recompute over every file of a pipeline's landing input gives: the same transformations a run applies,
 * to all files at once, in memory. Property tests compare incremental lakes with it.
 */
public record EventsFullRecompute(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> quarantine) {
  public static EventsFullRecompute of(SparkSession spark, PipelineConfig pipeline, Instant started) {
    Dataset<Row> conformed =
        ConformEvents.conform(pipeline.source(), pipeline.validation(), "full", started, EventLanding.read(spark, pipeline.source())).localCheckpoint();
    Dataset<Row> events =
        Schemas.conform(
                Sessionize.sessionize(pipeline.sessions().inactivityGap(), DeduplicateEvents.keepEarliest(conformed.where(col("reason").isNull()))),
                EventSchemas.TRUSTED_EVENTS)
            .localCheckpoint();
    return new EventsFullRecompute(
        events,
        Schemas.conform(Sessionize.sessions("full", events), EventSchemas.SESSIONS).localCheckpoint(),
        Schemas.conform(conformed.where(col("reason").isNotNull().and(col("reason").notEqual(ConformEvents.BLANK_LINE))), EventSchemas.QUARANTINE));
  }

  /** Registers the expected trusted tables as the views metric queries read, with every date affected. */
  public void asMetricViews(SparkSession spark) {
    events.createOrReplaceTempView("events");
    sessions.createOrReplaceTempView("sessions");
    spark.sql("select distinct session_date as date from sessions union select distinct event_date from events").createOrReplaceTempView("affected_dates");
  }
}

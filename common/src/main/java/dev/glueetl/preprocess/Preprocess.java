package dev.glueetl.preprocess;

import dev.glueetl.events.EventsPreprocess;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;

/** The body of the preprocess job: landing data to trusted tables, chosen by the pipeline's {@code source.type}. */
public final class Preprocess {
  public static final String JOB = "preprocess";

  private Preprocess() {}

  public static JobReport run(JobContext context) {
    switch (context.pipeline().source().type()) {
      case EVENTS:
        return EventsPreprocess.run(context);
      default:
        throw new UnsupportedOperationException("source.type " + context.pipeline().source().type().yamlName());
    }
  }
}

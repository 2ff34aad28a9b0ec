package dev.glueetl.preprocess;

import dev.glueetl.events.EventsPreprocess;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;
import dev.glueetl.orders.OrdersPreprocess;

/** The body of the preprocess job: landing data to trusted tables, chosen by the pipeline's {@code source.type}. */
public final class Preprocess {
  public static final String JOB = "preprocess";

  private Preprocess() {}

  public static JobReport run(JobContext context) {
    return switch (context.pipeline().source().type()) {
      case EVENTS -> EventsPreprocess.run(context);
      case ORDERS -> OrdersPreprocess.run(context);
      case RECORDS -> dev.glueetl.records.RecordsPreprocess.run(context);
    };
  }
}

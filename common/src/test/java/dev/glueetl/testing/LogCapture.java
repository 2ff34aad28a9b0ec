package dev.glueetl.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Captures everything logged (ours and Spark's, root raised to INFO) while it is open. */
public final class LogCapture implements AutoCloseable {
  private final StringWriter writer = new StringWriter();
  private final Appender appender;
  private final Level previousRootLevel;

  public LogCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration configuration = context.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName("capture-" + System.nanoTime())
            .setTarget(writer)
            .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable").build())
            .build();
    appender.start();
    configuration.addAppender(appender);
    LoggerConfig root = configuration.getRootLogger();
    previousRootLevel = root.getLevel();
    root.addAppender(appender, Level.ALL, null);
    root.setLevel(Level.INFO);
    context.updateLoggers();
  }

  public String text() {
    return writer.toString();
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    LoggerConfig root = context.getConfiguration().getRootLogger();
    root.removeAppender(appender.getName());
    root.setLevel(previousRootLevel);
    context.updateLoggers();
    appender.stop();
  }
}

package dev.glueetl.job;

import dev.glueetl.config.CloudWatchTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * A finished run's metrics, published to CloudWatch with one PutMetricData call when the job runs with {@code
 * --cloudwatch-metrics true}, so alarms can watch failed runs and quality scores.
 *
 * <p>Every run publishes, with dimensions {@code Pipeline} (the pipeline's {@code name:}) and {@code Job} ({@code
 * preprocess}, {@code aggregate} or {@code quality}):
 *
 * <pre>
 * RowsRead, RowsTrusted, RowsQuarantined, Duplicates   Count    the run's counts read, trusted, quarantined, duplicates (0 when the job has none);
 *                                                               a promotion from a raw zone's RowsRead is the raw rows it read
 * RowsRaw                                              Count    the rows written to a raw zone (0 when the job writes none)
 * RunSeconds                                           Seconds  wall time of the run
 * RunFailed                                            Count    1 when the run failed, 0 when it succeeded
 * </pre>
 *
 * A failed run publishes only RunSeconds and RunFailed, unless it failed a gate after its work ({@link
 * JobReport#failGate}: the quality job's {@code action: fail}), which publishes everything. A quality run also publishes, per ruleset, with the dimension
 * {@code Ruleset} added: {@code QualityScore} (None, the fraction of its rules that passed) and {@code FailedRules}
 * (Count).
 *
 * <p>Publishing never fails the job: a failure (no credentials, no region, no permission, an endpoint that does not
 * answer) logs one warning line and the run keeps its result.
 */
public final class CloudWatchMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchMetrics.class);

  /** CloudWatch's limit of data per PutMetricData call; a run has 6 plus 2 per ruleset, so one call in practice. */
  static final int MAX_DATA_PER_CALL = 1000;

  /** How long a publication may take in all, retries included: a job's end must not wait on a dead endpoint. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  public enum Unit {
    COUNT(StandardUnit.COUNT),
    SECONDS(StandardUnit.SECONDS),
    NONE(StandardUnit.NONE);

    private final StandardUnit standard;

    Unit(StandardUnit standard) {
      this.standard = standard;
    }
  }

  /** One value to publish: a metric name, its dimensions in order, the value and its unit. */
  public record Datum(String name, Map<String, String> dimensions, double value, Unit unit) {}

  /** The JobReport counts behind the row metrics; a job without one publishes 0. */
  private static final Map<String, String> ROW_METRICS =
      orderedMap("RowsRead", "read", "RowsTrusted", "trusted", "RowsQuarantined", "quarantined", "Duplicates", "duplicates", "RowsRaw", "raw");

  private CloudWatchMetrics() {}

  /** The metrics of a run that succeeded: its counts, its seconds, RunFailed 0, and each ruleset's score. */
  public static List<Datum> succeeded(String pipeline, String job, JobReport report, double seconds) {
    return ofReport(pipeline, job, report, seconds, 0);
  }

  /**
   * The metrics of a run that did its work and then failed a gate ({@link JobReport#failGate}): as {@link #succeeded},
   * with RunFailed 1. A quality gate that stops the chain so still sends the scores that made it fail.
   */
  public static List<Datum> failedGate(String pipeline, String job, JobReport report, double seconds) {
    return ofReport(pipeline, job, report, seconds, 1);
  }

  private static List<Datum> ofReport(String pipeline, String job, JobReport report, double seconds, int runFailed) {
    Map<String, String> dimensions = orderedMap("Pipeline", pipeline, "Job", job);
    List<Datum> data = new ArrayList<>();
    Map<String, Long> counts = report.counts();
    // preprocess --zone trusted of a pipeline with a raw zone reads raw rows, not landing records
    ROW_METRICS.forEach(
        (metric, count) ->
            data.add(new Datum(metric, dimensions, counts.getOrDefault(count, count.equals("read") ? counts.getOrDefault("raw_read", 0L) : 0L), Unit.COUNT)));
    data.add(new Datum("RunSeconds", dimensions, seconds, Unit.SECONDS));
    data.add(new Datum("RunFailed", dimensions, runFailed, Unit.COUNT));
    for (JobReport.RulesetScore ruleset : report.rulesets()) {
      Map<String, String> rulesetDimensions = orderedMap("Pipeline", pipeline, "Job", job, "Ruleset", ruleset.ruleset());
      data.add(new Datum("QualityScore", rulesetDimensions, ruleset.score(), Unit.NONE));
      data.add(new Datum("FailedRules", rulesetDimensions, ruleset.failedRules(), Unit.COUNT));
    }
    return List.copyOf(data);
  }

  /** The metrics of a run that failed: its seconds and RunFailed 1 (its counts are not final, so they are left out). */
  public static List<Datum> failed(String pipeline, String job, double seconds) {
    Map<String, String> dimensions = orderedMap("Pipeline", pipeline, "Job", job);
    return List.of(new Datum("RunSeconds", dimensions, seconds, Unit.SECONDS), new Datum("RunFailed", dimensions, 1, Unit.COUNT));
  }

  /**
   * Sends {@code data} to the target's namespace, all with one timestamp, in one PutMetricData call (more only past
   * {@value #MAX_DATA_PER_CALL} data). Does nothing without a target. Never throws: a failure is one warning line
   * without stack trace.
   */
  public static void publish(Optional<CloudWatchTarget> target, String job, List<Datum> data) {
    if (target.isEmpty() || data.isEmpty()) {
      return;
    }
    CloudWatchTarget to = target.get();
    Instant at = Instant.now();
    List<MetricDatum> datums = data.stream().map(d -> datum(d, at)).toList();
    try (CloudWatchClient client = client(to)) {
      for (int from = 0; from < datums.size(); from += MAX_DATA_PER_CALL) {
        List<MetricDatum> batch = datums.subList(from, Math.min(datums.size(), from + MAX_DATA_PER_CALL));
        client.putMetricData(request -> request.namespace(to.namespace()).metricData(batch));
      }
      LOG.info("[{}] published {} CloudWatch metrics to namespace {}", job, datums.size(), to.namespace());
    } catch (RuntimeException | LinkageError e) {
      // SdkException for a refused call, and whatever else: the run's result must stay the run's own
      LOG.warn(
          "[{}] could not publish the run's CloudWatch metrics to namespace {} (the run's result is unaffected): {}; check the region,"
              + " the credentials, the role's cloudwatch:PutMetricData permission{}",
          job, to.namespace(), firstLine(e), to.endpoint().map(u -> " and --cloudwatch-endpoint " + u).orElse(""));
    }
  }

  private static CloudWatchClient client(CloudWatchTarget target) {
    CloudWatchClientBuilder builder =
        CloudWatchClient.builder()
            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(CALL_TIMEOUT).build())
            .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
    target.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static MetricDatum datum(Datum datum, Instant at) {
    return MetricDatum.builder()
        .metricName(datum.name())
        .dimensions(datum.dimensions().entrySet().stream().map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList())
        .value(datum.value())
        .unit(datum.unit().standard)
        .timestamp(at)
        .build();
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}

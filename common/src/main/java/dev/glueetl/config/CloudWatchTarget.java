package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a job publishes its run metrics when {@code --cloudwatch-metrics true}: a CloudWatch namespace and, for tests
 * and VPC endpoints only, an endpoint that replaces the SDK's. The region is the SDK's default chain (on Glue the job's
 * region, from {@code AWS_REGION}).
 *
 * @param namespace {@code --cloudwatch-namespace}, default {@value #DEFAULT_NAMESPACE}
 * @param endpoint {@code --cloudwatch-endpoint}: an http(s) URL
 */
public record CloudWatchTarget(String namespace, Optional<URI> endpoint) {
  public static final String DEFAULT_NAMESPACE = "GlueEtl";

  /** CloudWatch's own limit on a namespace's length. */
  private static final int MAX_NAMESPACE_LENGTH = 255;

  /** What CloudWatch accepts in a namespace: letters, digits, period, hyphen, underscore, slash, hash, colon and space. */
  private static final String NAMESPACE_PATTERN = "[A-Za-z0-9._/#: -]+";

  /**
   * The target of {@code --cloudwatch-metrics}, {@code --cloudwatch-namespace} and {@code --cloudwatch-endpoint}; empty
   * unless metrics are switched on (they are off by default, so local runs publish nothing unless asked).
   *
   * @throws dev.glueetl.error.GlueEtlException ARGS_INVALID for a switch other than true/false, a namespace CloudWatch
   *     would reject, or an endpoint that is not an http(s) URL
   */
  static Optional<CloudWatchTarget> parse(Optional<String> metrics, Optional<String> namespace, Optional<String> endpoint) {
    boolean on =
        switch (metrics.orElse("false").toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw Errors.invalidArgument("--cloudwatch-metrics", "'" + metrics.get() + "' is neither true nor false");
        };
    String name = namespace.orElse(DEFAULT_NAMESPACE);
    if (name.length() > MAX_NAMESPACE_LENGTH || !name.matches(NAMESPACE_PATTERN) || name.startsWith(":") || name.startsWith("AWS/")) {
      throw Errors.invalidArgument(
          "--cloudwatch-namespace",
          "'" + name + "' is not a namespace CloudWatch accepts: use up to 255 letters, digits, '.', '-', '_', '/', '#', ':' or spaces,"
              + " not starting with ':' or 'AWS/' (reserved for AWS services)");
    }
    Optional<URI> url = endpoint.map(CloudWatchTarget::endpointUrl);
    return on ? Optional.of(new CloudWatchTarget(name, url)) : Optional.empty();
  }

  private static URI endpointUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, with what is expected
    }
    throw Errors.invalidArgument("--cloudwatch-endpoint", "'" + text + "' is not an endpoint URL: expected http(s)://host[:port], e.g. https://monitoring.eu-west-1.amazonaws.com");
  }
}

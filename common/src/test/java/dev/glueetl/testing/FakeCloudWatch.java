package dev.glueetl.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * CloudWatch cannot run here, so tests talk to this stand-in on loopback; the job's real AWS SDK client is pointed at
 * it with {@code --cloudwatch-endpoint}. The SDK (2.57) speaks Smithy RPC v2 CBOR to CloudWatch: {@code POST
 * /service/GraniteServiceVersion20100801/operation/PutMetricData}, header {@code smithy-protocol: rpc-v2-cbor}, a CBOR
 * body (gzip-compressed when large). The fake decodes each call with {@link Cbor} and keeps it; it answers as
 * CloudWatch does, or with the status {@link #failWith} sets.
 */
public final class FakeCloudWatch implements AutoCloseable {
  /** The path of a PutMetricData call in Smithy RPC v2. */
  public static final String PUT_METRIC_DATA = "/service/GraniteServiceVersion20100801/operation/PutMetricData";

  /** One call as received: its path, its protocol header, its decoded body. */
  public record Call(String path, String protocol, Map<Object, Object> body) {}

  /** One datum of a PutMetricData call, as CloudWatch would store it. */
  public record Metric(String namespace, String name, Map<String, String> dimensions, double value, String unit) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  private FakeCloudWatch(HttpServer server) {
    this.server = server;
  }

  public static FakeCloudWatch start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeCloudWatch fake = new FakeCloudWatch(server);
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
              body = in.readAllBytes();
            }
          }
          @SuppressWarnings("unchecked")
          Map<Object, Object> decoded = body.length == 0 ? Map.of() : (Map<Object, Object>) Cbor.decode(body);
          fake.calls.add(new Call(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("smithy-protocol"), decoded));
          int status = fake.status;
          // an empty CBOR map (PutMetricData has no output), or CloudWatch's error shape {"__type": ..., "message": ...}
          byte[] response = status == 200 ? new byte[] {(byte) 0xa0} : cborError("InternalServiceFault", "the fake was told to fail");
          exchange.getResponseHeaders().add("Content-Type", "application/cbor");
          exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
          exchange.sendResponseHeaders(status, response.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
          }
        });
    server.start();
    return fake;
  }

  /** Answers every call from now on with {@code status} (500: CloudWatch's InternalServiceFault). */
  public FakeCloudWatch failWith(int status) {
    this.status = status;
    return this;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public void clear() {
    calls.clear();
  }

  /** Every datum of every PutMetricData call received, in order. */
  @SuppressWarnings("unchecked")
  public List<Metric> metrics() {
    List<Metric> metrics = new java.util.ArrayList<>();
    for (Call call : calls) {
      String namespace = (String) call.body().get("Namespace");
      for (Object datum : (List<Object>) call.body().getOrDefault("MetricData", List.of())) {
        Map<Object, Object> fields = (Map<Object, Object>) datum;
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (Object dimension : (List<Object>) fields.getOrDefault("Dimensions", List.of())) {
          Map<Object, Object> d = (Map<Object, Object>) dimension;
          dimensions.put((String) d.get("Name"), (String) d.get("Value"));
        }
        metrics.add(new Metric(namespace, (String) fields.get("MetricName"), dimensions, ((Number) fields.get("Value")).doubleValue(), (String) fields.get("Unit")));
      }
    }
    return metrics;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static byte[] cborError(String type, String message) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(0xa2);
    text(out, "__type");
    text(out, type);
    text(out, "message");
    text(out, message);
    return out.toByteArray();
  }

  private static void text(java.io.ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.write(0x78); // text string, one-byte length
    out.write(bytes.length);
    out.writeBytes(bytes);
  }
}

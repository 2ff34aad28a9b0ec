package dev.glueetl.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Secrets Manager cannot run here, so tests talk to this stand-in speaking its wire protocol (JSON 1.1,
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}) on loopback; the real AWS SDK client is pointed at it with
 * {@code aws.endpointUrl}. It answers GetSecretValue for the secrets it holds and ResourceNotFoundException otherwise.
 */
public final class FakeSecretsManager implements AutoCloseable {
  private static final Pattern SECRET_ID = Pattern.compile("\"SecretId\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final List<String> requestedIds = new CopyOnWriteArrayList<>();

  private FakeSecretsManager(HttpServer server) {
    this.server = server;
  }

  public static FakeSecretsManager start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeSecretsManager fake = new FakeSecretsManager(server);
    server.createContext(
        "/",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
          Matcher id = SECRET_ID.matcher(body);
          int status;
          String response;
          if (!"secretsmanager.GetSecretValue".equals(target) || !id.find()) {
            status = 400;
            response = "{\"__type\":\"InvalidRequestException\",\"message\":\"unsupported request\"}";
          } else if (!fake.secrets.containsKey(id.group(1))) {
            fake.requestedIds.add(id.group(1));
            status = 400;
            response = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}";
          } else {
            fake.requestedIds.add(id.group(1));
            status = 200;
            response =
                "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:000000000000:secret:" + id.group(1) + "\",\"Name\":\"" + id.group(1)
                    + "\",\"SecretString\":" + jsonString(fake.secrets.get(id.group(1))) + ",\"VersionId\":\"v1\"}";
          }
          byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return fake;
  }

  public FakeSecretsManager withSecret(String id, String value) {
    secrets.put(id, value);
    return this;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<String> requestedIds() {
    return requestedIds;
  }

  /** JVM system properties pointing the AWS SDK at this server, with a region and dummy credentials. */
  public Map<String, String> sdkSystemProperties() {
    return Map.of(
        "aws.endpointUrl", endpoint(),
        "aws.region", "eu-west-1",
        "aws.accessKeyId", "fake-access-key",
        "aws.secretAccessKey", "fake-secret-key");
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static String jsonString(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

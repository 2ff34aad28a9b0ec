package dev.glueetl.local;

import dev.glueetl.testing.ChildJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3 API server for tests: s3proxy (from Maven Central) with a filesystem backend, started as its own JVM
 * because its libraries clash with Spark's. The identity and credential are fixed test values of this local server.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String IDENTITY = "glue-etl-test";
  static final String CREDENTIAL = "glue-etl-test-credential";

  private final Process process;
  private final int port;
  private final Path baseDir;

  private S3ProxyServer(Process process, int port, Path baseDir) {
    this.process = process;
    this.port = port;
    this.baseDir = baseDir;
  }

  static S3ProxyServer start(Path workDir, String... buckets) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path baseDir = Files.createDirectories(workDir.resolve("s3-data"));
    for (String bucket : buckets) {
      Files.createDirectories(baseDir.resolve(bucket));
    }
    Path properties = workDir.resolve("s3proxy.properties");
    Files.write(
        properties,
        List.of(
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + IDENTITY,
            "s3proxy.credential=" + CREDENTIAL,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + baseDir));
    String jar = System.getProperty("glueetl.s3proxy.jar");
    Process process =
        ChildJvm.executableJar(Path.of(jar)).jvmOption("-Xmx256m").args("--properties", properties.toString()).start(workDir.resolve("s3proxy.log"));
    S3ProxyServer server = new S3ProxyServer(process, port, baseDir);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited: " + Files.readString(workDir.resolve("s3proxy.log")));
      }
      try (Socket probe = new Socket("127.0.0.1", port)) {
        probe.setSoTimeout(1000);
        return server;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    server.close();
    throw new IllegalStateException("s3proxy did not listen on port " + port + " within 60 s");
  }

  /** Points S3A at this server. */
  void configure(Configuration conf) {
    conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set("fs.s3a.access.key", IDENTITY);
    conf.set("fs.s3a.secret.key", CREDENTIAL);
    conf.set("fs.s3a.change.detection.mode", "none");
    conf.set("fs.s3a.directory.marker.retention", "keep");
  }

  Path baseDir() {
    return baseDir;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

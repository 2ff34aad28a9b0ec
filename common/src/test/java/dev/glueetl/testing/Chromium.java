package dev.glueetl.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, for tests of pages in a real browser: {@link #dumpDom} returns the DOM after
 * the page's scripts ran, {@link #screenshot} saves a PNG. Each call is one short-lived browser process with its own
 * profile directory.
 *
 * <p>A machine without chromium gets it installed ({@code apt-get install chromium}, about a minute) when the tests run
 * as root, as on CI; otherwise {@link #find} skips the test, saying what to install.
 */
public final class Chromium {
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path binary;

  private Chromium(Path binary) {
    this.binary = binary;
  }

  /** The installed browser, installed first if missing and the tests run as root; skips the test otherwise. */
  public static synchronized Chromium find() {
    Optional<Path> found = binary();
    if (found.isEmpty() && ROOT) {
      install();
      found = binary();
    }
    Assumptions.assumeTrue(found.isPresent(), "chromium is not installed and cannot be as user " + System.getProperty("user.name")
        + ": sudo apt-get install chromium (the browser tests of the quality report site need it)");
    return new Chromium(found.get());
  }

  /** The DOM of {@code url} once loaded and its scripts and timers have run (up to 5 s of virtual time). */
  public String dumpDom(String url) {
    return run(List.of("--dump-dom", url));
  }

  /** Saves a PNG of {@code url} as rendered in a window of {@code width} x {@code height} pixels. */
  public void screenshot(String url, Path png, int width, int height) {
    run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars", url));
    if (!Files.isRegularFile(png)) {
      throw new IllegalStateException("chromium wrote no screenshot " + png);
    }
  }

  private String run(List<String> arguments) {
    Path profile = null;
    Path stderr = null;
    try {
      profile = Files.createTempDirectory("chromium-profile-");
      stderr = Files.createTempFile("chromium-", ".log");
      List<String> command =
          new ArrayList<>(
              List.of(
                  binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-extensions", "--disable-background-networking", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
      command.addAll(arguments);
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(PAGE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("chromium did not finish in " + PAGE_TIMEOUT + ": " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + command + "\n" + Files.readString(stderr));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(profile);
      deleteQuietly(stderr);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try (java.util.stream.Stream<Path> tree = Files.walk(path)) {
      tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary file left behind is no test failure
    }
  }

  private static Optional<Path> binary() {
    List<String> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      directories.addAll(List.of(path.split(File.pathSeparator)));
    }
    directories.addAll(List.of("/usr/bin", "/usr/local/bin"));
    for (String directory : directories) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * {@code apt-get install chromium}, after {@code apt-get update} if that fails (missing or stale package lists). apt
   * waits for the dpkg lock, so test JVMs that install at the same time take turns.
   */
  private static void install() {
    try {
      Path log = Files.createTempFile("apt-get-chromium-", ".log");
      List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300", "chromium");
      if (run(install, log) != 0) {
        run(List.of("apt-get", "update", "-o", "DPkg::Lock::Timeout=300"), log);
        if (run(install, log) != 0) {
          throw new IllegalStateException("apt-get install chromium failed; its output:\n" + Files.readString(log));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int run(List<String> command, Path log) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in " + INSTALL_TIMEOUT);
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

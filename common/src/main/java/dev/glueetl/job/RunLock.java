package dev.glueetl.job;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writing run per pipeline at a time: a lock file, {@code <lake>/runs/<pipeline>/_run.lock}, created when a job
 * starts and deleted when it ends. A second run of the same pipeline fails at once with {@code CONCURRENT_RUN}, so two
 * runs never interleave their commits or roll back each other's.
 *
 * <p>A run killed before it could delete the lock (a Glue timeout, an out-of-memory kill) leaves it behind. The next run
 * takes it over when it is stale: its lease has expired (the longest job timeout of the workflow plus 5 minutes: Glue
 * has stopped that run by then), or it was taken on this machine by a process that no longer exists, or by a run of
 * this JVM that is no longer running. The taker is told whose lock it took, so the dead run can be recorded.
 *
 * <p>On local file systems the lock is created atomically. On S3 creating "if absent" is not atomic, so there the lock
 * guards against accidental overlaps (a manual run during a scheduled one); Glue's {@code MaxConcurrentRuns: 1}, set on
 * every deployed job, is what rules out two runs of one job.
 */
public final class RunLock {
  static final String FILE = "_run.lock";
  private static final String JVM = UUID.randomUUID().toString();
  private static final Set<String> ACTIVE = ConcurrentHashMap.newKeySet();

  /** Who holds a lock. */
  public record Owner(String runId, String job, String host, long pid, String jvm, Instant startedAt, Instant expiresAt) {}

  private final FileSystem fs;
  private final Path path;
  private final Owner owner;
  private final Optional<Owner> tookOverFrom;

  private RunLock(FileSystem fs, Path path, Owner owner, Optional<Owner> tookOverFrom) {
    this.fs = fs;
    this.path = path;
    this.owner = owner;
    this.tookOverFrom = tookOverFrom;
  }

  /**
   * Takes the pipeline's lock for {@code runId}.
   *
   * @throws dev.glueetl.error.GlueEtlException CONCURRENT_RUN when a live run of the pipeline holds it
   */
  public static RunLock acquire(Lake lake, String pipeline, String runId, String job, Duration lease, Configuration hadoop) {
    Path path = new Path(lake.zonePath(Zone.RUNS, pipeline) + "/" + FILE);
    Instant now = Instant.now();
    Owner owner = new Owner(runId, job, host(), ProcessHandle.current().pid(), JVM, now, now.plus(lease));
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      Optional<Owner> previous = Optional.empty();
      if (!tryCreate(fs, path, owner)) {
        Optional<Owner> holder = read(fs, path);
        if (holder.isPresent() && !stale(holder.get(), now)) {
          Owner h = holder.get();
          throw Errors.concurrentRun(
              pipeline, h.runId(), h.job(), h.startedAt().toString(), h.host() + " pid " + h.pid(), h.expiresAt().toString(), path.toString());
        }
        previous = holder;
        fs.delete(path, false);
        if (!tryCreate(fs, path, owner)) {
          Owner h = read(fs, path).orElse(owner);
          throw Errors.concurrentRun(
              pipeline, h.runId(), h.job(), h.startedAt().toString(), h.host() + " pid " + h.pid(), h.expiresAt().toString(), path.toString());
        }
      }
      ACTIVE.add(runId);
      return new RunLock(fs, path, owner, previous);
    } catch (IOException e) {
      throw new UncheckedIOException("taking the run lock " + path, e);
    }
  }

  /** The stale lock this run took over: a run that never ended. */
  public Optional<Owner> tookOverFrom() {
    return tookOverFrom;
  }

  /** Deletes the lock if this run still holds it. Called when the run ends, successfully or not, never on a crash. */
  public void release() {
    ACTIVE.remove(owner.runId());
    try {
      Optional<Owner> holder = read(fs, path);
      if (holder.isPresent() && holder.get().runId().equals(owner.runId()) && holder.get().jvm().equals(JVM)) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("releasing the run lock " + path, e);
    }
  }

  /** A simulated crash: this JVM's runs are gone, as a killed process's would be ({@link CommitPoints}). */
  static void forgetActiveRuns() {
    ACTIVE.clear();
  }

  static boolean stale(Owner holder, Instant now) {
    if (holder.expiresAt().isBefore(now)) {
      return true;
    }
    if (!holder.host().equals(host())) {
      return false;
    }
    if (holder.pid() != ProcessHandle.current().pid()) {
      return ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
    }
    return !holder.jvm().equals(JVM) || !ACTIVE.contains(holder.runId());
  }

  private static boolean tryCreate(FileSystem fs, Path path, Owner owner) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("run_id", owner.runId());
    properties.setProperty("job", owner.job());
    properties.setProperty("host", owner.host());
    properties.setProperty("pid", Long.toString(owner.pid()));
    properties.setProperty("jvm", owner.jvm());
    properties.setProperty("started_at", owner.startedAt().toString());
    properties.setProperty("expires_at", owner.expiresAt().toString());
    try (OutputStream out = fs.create(path, false)) {
      properties.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "glue-etl run lock: delete only if no run of this pipeline is running");
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // Hadoop's local file system reports an existing file as a plain IOException
      if (fs.exists(path)) {
        return false;
      }
      throw e;
    }
  }

  private static Optional<Owner> read(FileSystem fs, Path path) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = fs.open(path)) {
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Owner(
              properties.getProperty("run_id"), properties.getProperty("job"), properties.getProperty("host"), Long.parseLong(properties.getProperty("pid")),
              properties.getProperty("jvm"), Instant.parse(properties.getProperty("started_at")), Instant.parse(properties.getProperty("expires_at"))));
    } catch (RuntimeException e) { // a lock file cut short by a crash while it was written: nobody holds it
      return Optional.empty();
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** The lease of a lock: the longest a run can take (its Glue timeout) plus 5 minutes. */
  public static Duration lease(int timeoutMinutes) {
    return Duration.ofMinutes(timeoutMinutes + 5L);
  }
}

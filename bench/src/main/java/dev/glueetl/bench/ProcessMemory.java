package dev.glueetl.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the JVM's used heap and the process's resident set size every {@value #INTERVAL_MS} ms in a daemon thread and
 * keeps the peaks since the last {@link #reset}. DuckDB's memory is native, so only RSS shows it.
 */
public final class ProcessMemory implements AutoCloseable {
  static final long INTERVAL_MS = 20;
  private static final Path STATM = Path.of("/proc/self/statm");
  private static final long PAGE_BYTES = 4096;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread sampler;
  private volatile long peakHeap;
  private volatile long peakRss;
  private volatile boolean running = true;

  public ProcessMemory() {
    sampler = new Thread(this::sample, "bench-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  public synchronized void reset() {
    peakHeap = 0;
    peakRss = 0;
  }

  public long peakHeapBytes() {
    return peakHeap;
  }

  /** Peak resident set size; 0 where /proc is not available. */
  public long peakRssBytes() {
    return peakRss;
  }

  private void sample() {
    while (running) {
      long heap = memory.getHeapMemoryUsage().getUsed();
      long rss = rss();
      synchronized (this) {
        peakHeap = Math.max(peakHeap, heap);
        peakRss = Math.max(peakRss, rss);
      }
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static long rss() {
    try {
      String[] fields = Files.readString(STATM).trim().split("\\s+");
      return Long.parseLong(fields[1]) * PAGE_BYTES;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}

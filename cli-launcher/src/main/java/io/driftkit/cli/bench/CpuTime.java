package io.driftkit.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU time of the calling thread, which time-slicing on a shared machine does not inflate as it does wall time. */
final class CpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuTime() {}

  /** Nanoseconds of CPU time this thread has used. */
  static long now() {
    return THREADS.getCurrentThreadCpuTime();
  }
}

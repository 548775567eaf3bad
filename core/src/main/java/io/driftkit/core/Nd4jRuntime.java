package io.driftkit.core;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initialises ND4J the way driftkit runs it, in code, so a program that uses driftkit as a library needs no
 * environment variable and no system property.
 *
 * <p>Threads: driftkit's ND4J work is many small ops, and ND4J's OpenMP pool, sized to the cores, costs more than it
 * saves; on a loaded machine its waiting threads take the cores from the ones doing the work (in-process without
 * {@code OMP_NUM_THREADS=1}, 10 training steps of dis on funnel took 80 CPU seconds instead of 11). Each of
 * {@code NativeOps.setOmpNumThreads} (the OpenMP count of ND4J's native library) and
 * {@code Nd4j.getEnvironment().setMaxThreads} removes that; the BLAS count alone does not. driftkit sets all three
 * to one count, as {@code OMP_NUM_THREADS} does for the command line: {@link #threads(int)}, else the system
 * property {@value #THREADS_PROPERTY}, else the environment variable {@code OMP_NUM_THREADS}, else 1.
 *
 * <p>Logging: ND4J reports its start-up (backend, cores, BLAS vendor, build) in about a dozen INFO lines. When
 * driftkit is the first to touch ND4J, it initialises it with ND4J's own switch for that report off
 * ({@code org.nd4j.log.initialization}), set only while ND4J initialises and removed afterwards; a user who set the
 * property keeps their value. Two lines (the CPU's vector level, the BLAS thread count) come from loggers that switch
 * does not reach: under slf4j-simple driftkit sets {@value #SIMPLE_LOGGER_ND4J} to {@code warn} unless it is set
 * (it only reaches ND4J's loggers, and only before they are created); with another SLF4J binding, configure the
 * {@code org.nd4j} logger there.
 */
public final class Nd4jRuntime {

  /** The system property that sets ND4J's thread count (OpenMP and BLAS). */
  public static final String THREADS_PROPERTY = "driftkit.threads";

  private static final String LOG_INITIALIZATION = "org.nd4j.log.initialization";

  /** slf4j-simple's level for ND4J's loggers. */
  static final String SIMPLE_LOGGER_ND4J = "org.slf4j.simpleLogger.log.org.nd4j";

  private static boolean initialised;
  private static int threads;

  private Nd4jRuntime() {}

  /** Initialises ND4J once, quietly, with the configured thread count; later calls do nothing. */
  public static synchronized void ensure() {
    if (initialised) {
      return;
    }
    if (System.getProperty(SIMPLE_LOGGER_ND4J) == null) {
      System.setProperty(SIMPLE_LOGGER_ND4J, "warn");
    }
    boolean quiet = System.getProperty(LOG_INITIALIZATION) == null;
    if (quiet) {
      System.setProperty(LOG_INITIALIZATION, "false");
    }
    try {
      Nd4j.getBackend();
      Nd4j.getExecutioner();
    } finally {
      if (quiet) {
        System.clearProperty(LOG_INITIALIZATION);
      }
    }
    initialised = true;
    apply(configuredThreads(System::getProperty, System.getenv()));
  }

  /**
   * Sets ND4J's thread count (OpenMP and BLAS) for the rest of the process.
   *
   * @throws IllegalArgumentException for a count below 1
   */
  public static synchronized void threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + n);
    }
    ensure();
    apply(n);
  }

  /** The thread count driftkit set. */
  public static synchronized int threads() {
    ensure();
    return threads;
  }

  /**
   * The count from the system property, else the environment's {@code OMP_NUM_THREADS}, else 1.
   *
   * @throws IllegalArgumentException when the property is not a positive integer
   */
  static int configuredThreads(Function<String, String> properties, Map<String, String> environment) {
    String property = properties.apply(THREADS_PROPERTY);
    if (property != null) {
      try {
        int n = Integer.parseInt(property.strip());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // refused below with the value
      }
      throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " = '" + property
          + "': expected a positive integer (ND4J's thread count)");
    }
    String omp = environment.get("OMP_NUM_THREADS");
    if (omp != null) {
      try {
        int n = Integer.parseInt(omp.strip());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // OpenMP ignores a malformed value too
      }
    }
    return 1;
  }

  private static void apply(int n) {
    setOmpThreads(n);
    Nd4j.getEnvironment().setMaxThreads(n);
    Nd4j.getEnvironment().setMaxMasterThreads(n);
    Nd4j.factory().blas().setMaxThreads(n);
    threads = n;
  }

  /**
   * {@code NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n)}, reached by reflection: the class
   * lives in the backend's {@code nd4j-native-api}, which core does not depend on. A backend without it (none of
   * the native ones) keeps its own setting.
   */
  private static void setOmpThreads(int n) {
    try {
      Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder", true,
          Nd4j.getBackend().getClass().getClassLoader());
      Object instance = holder.getMethod("getInstance").invoke(null);
      Object ops = holder.getMethod("getDeviceNativeOps").invoke(instance);
      Method set = Class.forName("org.nd4j.nativeblas.NativeOps", true, holder.getClassLoader())
          .getMethod("setOmpNumThreads", int.class);
      set.invoke(ops, n);
    } catch (ClassNotFoundException e) {
      // not a native backend: nothing to set
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set ND4J's OpenMP thread count: " + e, e);
    }
  }
}

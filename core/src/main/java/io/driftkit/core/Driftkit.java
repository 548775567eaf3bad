package io.driftkit.core;

import io.driftkit.api.Target;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.RunAssembler;
import java.util.Map;

/**
 * driftkit from a Java program: the same runs as {@code driftkit run}, in-process, writing no files and printing
 * nothing unless asked to.
 *
 * <pre>{@code
 * SamplingResult r = Driftkit.sampler("dis").target("funnel").set("train.steps", 100).seed(1).run();
 * double logZ = r.logZImportanceSampling().orElseThrow();
 * }</pre>
 *
 * <p>A sampler takes the keys of a config file ({@code driftkit describe dis} lists them), a registered target by
 * name or any {@link Target} object (e.g. {@link io.driftkit.toolkit.Targets#of}), and gives, for the same keys and
 * seed, the numbers {@code driftkit run} gives. The plugins are those on the class path, loaded once per process
 * ({@link Sampler#plugins} takes another registry). ND4J is initialised the library's way: quietly, and with one
 * thread unless {@link #threads(int)}, the system property {@value Nd4jRuntime#THREADS_PROPERTY} or
 * {@code OMP_NUM_THREADS} says otherwise (see {@link Nd4jRuntime}).
 */
public final class Driftkit {

  private static PluginRegistry plugins;

  private Driftkit() {}

  /** A sampler running the method registered as {@code method} (dis, pis, dds, smc, langevin, score-sde, ...). */
  public static Sampler sampler(String method) {
    return new Sampler(method);
  }

  /**
   * The target registered as {@code name}, built from its own keys without the {@code target.} prefix (as
   * {@code driftkit describe target NAME} lists them), e.g. {@code Driftkit.target("funnel", Map.of("dim", "10"))}.
   *
   * @throws io.driftkit.api.config.ConfigException for an unknown name or key, or a bad value
   */
  public static Target target(String name, Map<String, String> settings) {
    return new RunAssembler(plugins()).target(name, settings, 0);
  }

  /** The target registered as {@code name} with its defaults. */
  public static Target target(String name) {
    return target(name, Map.of());
  }

  /** Sets ND4J's thread count (OpenMP and BLAS) for the rest of the process; see {@link Nd4jRuntime}. */
  public static void threads(int n) {
    Nd4jRuntime.threads(n);
  }

  /** The plugins on the class path, loaded on first use and shared by every sampler without its own registry. */
  public static synchronized PluginRegistry plugins() {
    if (plugins == null) {
      plugins = PluginRegistry.load();
    }
    return plugins;
  }
}

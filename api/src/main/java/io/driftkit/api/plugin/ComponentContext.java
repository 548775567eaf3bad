package io.driftkit.api.plugin;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Interpolant;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.TargetSampler;
import io.driftkit.api.config.ConfigException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What a factory may use while building its component: the components built before it and the run's seed. */
public interface ComponentContext {

  /** The target; throws if asked while the target itself is being built. */
  Target target();

  /** The forward process, if the run has one and it has been built. */
  Optional<ForwardProcess> forward();

  /** The interpolant, if the run has one (the method's {@code interpolant} role) and it has been built. */
  default Optional<Interpolant> interpolant() {
    return Optional.empty();
  }

  /**
   * The dimension of the component being built: the state dimension (the target's), except for a model whose loss
   * learns several fields at once ({@link io.driftkit.api.Loss#modelFields()} = k), which is built with k times it.
   */
  default int dim() {
    return target().dim();
  }

  /**
   * Builds a further target by its registered name and settings (keys relative to it, e.g. {@code dim}), as the run
   * builds its own: for methods with a second end, such as an interpolant's {@code rho0}.
   *
   * @throws io.driftkit.api.config.ConfigException for an unknown name or key, or a bad value
   * @throws UnsupportedOperationException where the host cannot build targets
   */
  default Target buildTarget(String name, Map<String, String> settings) {
    throw new UnsupportedOperationException("this host builds no further targets (asked for '" + name + "')");
  }

  /** An independent random stream for initialisation (e.g. network weights), derived from the run's seed. */
  RandomSource random(String stream);

  /**
   * Another instance of the run's drift model, built again from the same keys (same plugin, same initial weights),
   * for a method that learns more than one field of that kind; empty when the run has no model or it is not built
   * yet.
   */
  default Optional<DriftModel> freshModel() {
    return Optional.empty();
  }

  /**
   * A sampler of this run's target from another method, for a method that learns from its particles. {@code source}
   * is a method name (built with {@code methodKeys}, its own keys without the {@code method.} prefix, and its
   * defaults otherwise; it must need no training, e.g. {@code smc}), a config file, or the directory of a finished
   * run (its trained model is loaded from the run's checkpoint). The source must describe the same target and give
   * importance weights.
   *
   * @param key the config key that named the source, for messages
   * @throws ConfigException when the source is unknown, needs training, describes another target or gives no
   *     weights
   */
  default TargetSampler sampler(String source, java.util.Map<String, String> methodKeys, String key) {
    throw new ConfigException("key '" + key + "': this host cannot build another method's sampler");
  }

  /**
   * Tells the host that the component being built reads this data file; the run's provenance records its SHA-256.
   * Call it whenever the factory settles on a file, also when the parsed contents come from a cache.
   */
  default void readsData(Path file) {}

  /**
   * As {@link #readsData(Path)}, for a data resource shipped inside a jar, e.g. the URL of
   * {@code MyTarget.class.getResource("data/points.csv")}.
   */
  default void readsData(URL resource) {}
}

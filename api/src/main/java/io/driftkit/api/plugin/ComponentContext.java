package io.driftkit.api.plugin;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

/** What a factory may use while building its component: the components built before it and the run's seed. */
public interface ComponentContext {

  /** The target; throws if asked while the target itself is being built. */
  Target target();

  /** The forward process, if the run has one and it has been built. */
  Optional<ForwardProcess> forward();

  /** The state dimension (the target's). */
  default int dim() {
    return target().dim();
  }

  /** An independent random stream for initialisation (e.g. network weights), derived from the run's seed. */
  RandomSource random(String stream);

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

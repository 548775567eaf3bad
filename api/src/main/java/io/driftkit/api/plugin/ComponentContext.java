package io.driftkit.api.plugin;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
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
}

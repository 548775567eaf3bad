package io.driftkit.core.run;

import io.driftkit.api.Components;
import io.driftkit.api.Method;
import io.driftkit.api.config.Settings;
import io.driftkit.core.train.TrainSettings;
import java.util.Map;

/**
 * A run ready to execute: its components, its method and the complete effective configuration (defaults included,
 * full keys), which written as {@code run.properties} repeats the run exactly.
 *
 * @param methodName the method's registered name
 * @param method the method
 * @param components the components the method uses
 * @param run the run-level settings (seed, sampling, output)
 * @param train the validated {@code train.*} settings (defaults for keys not given)
 * @param effective every key with its effective value
 * @param provenance driftkit's version, the plugins, the ND4J backend and the data files the components read
 */
public record AssembledRun(String methodName, Method method, Components components, Settings run,
    TrainSettings train, Map<String, String> effective, Provenance provenance) {

  public long seed() {
    return run.get(RunSettings.SEED);
  }

  /** The name of the target, for messages and the run directory. */
  public String targetName() {
    return effective.get("target");
  }
}

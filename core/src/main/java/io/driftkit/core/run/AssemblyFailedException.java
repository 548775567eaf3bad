package io.driftkit.core.run;

import io.driftkit.core.config.RunConfig;

/**
 * A component threw while it was being created or checked (not a configuration error: those are
 * {@link io.driftkit.api.config.ConfigException}s). The run failed at stage {@code assembly}; {@link Pipeline}
 * records it in a run directory.
 */
public final class AssemblyFailedException extends RuntimeException {

  private final RunConfig config;

  public AssemblyFailedException(String message, RunConfig config, Throwable cause) {
    super(message, cause);
    this.config = config;
  }

  /** The configuration as given. */
  public RunConfig config() {
    return config;
  }

  /** The method's name as configured, for the run directory's name. */
  public String methodName() {
    return String.valueOf(config.get("method"));
  }

  /** The target's name as configured, for the run directory's name. */
  public String targetName() {
    return String.valueOf(config.get("target"));
  }
}

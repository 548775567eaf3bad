package io.driftkit.api;

import java.util.EnumSet;
import java.util.Set;

/** The roles a {@link Method} can ask a run to fill, each from the config key of the same name. */
public enum Role {
  FORWARD("forward"), MODEL("model"), LOSS("loss"), INTEGRATOR("integrator"),
  /** A stochastic interpolant (interpolant family); given to the method's factory, not part of {@link Components}. */
  INTERPOLANT("interpolant");

  private final String key;

  Role(String key) {
    this.key = key;
  }

  /** The roles {@link Components} holds (every role but a family's own, such as the interpolant). */
  public static Set<Role> components() {
    return EnumSet.of(FORWARD, MODEL, LOSS, INTEGRATOR);
  }

  /** The top-level config key that names the plugin filling this role. */
  public String key() {
    return key;
  }
}

package io.driftkit.api;

import java.util.Optional;

/**
 * The components a run was assembled from. Roles a method does not use are absent.
 *
 * @param target the target density (always present)
 * @param forward the forward / reference process, or null
 * @param model the drift model, or null
 * @param loss the training loss, or null
 * @param integrator the integrator, or null
 */
public record Components(Target target, ForwardProcess forward, DriftModel model, Loss loss,
    Integrator integrator) {

  public Optional<ForwardProcess> forwardProcess() {
    return Optional.ofNullable(forward);
  }

  /** The forward process, or an error naming the method that needs one. */
  public ForwardProcess requireForward(String who) {
    if (forward == null) {
      throw new IllegalStateException(who + " needs a forward process (key 'forward')");
    }
    return forward;
  }

  /** The integrator, or an error naming the method that needs one. */
  public Integrator requireIntegrator(String who) {
    if (integrator == null) {
      throw new IllegalStateException(who + " needs an integrator (key 'integrator')");
    }
    return integrator;
  }

  /** The target, or an error naming the method that needs its log density when it is data-only. */
  public Target requireLogDensity(String who) {
    if (!target.hasLogDensity()) {
      throw new IllegalStateException(who + " needs the target's log density, but target " + target
          + " is data-only (given by its samples); choose a target with a density (key 'target')");
    }
    return target;
  }

  /** The model, or an error naming the method that needs one. */
  public DriftModel requireModel(String who) {
    if (model == null) {
      throw new IllegalStateException(who + " needs a drift model (key 'model')");
    }
    return model;
  }
}

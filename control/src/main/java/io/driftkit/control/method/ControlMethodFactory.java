package io.driftkit.control.method;

import io.driftkit.api.Method;
import io.driftkit.api.Role;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.MethodFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Registers {@code dis}, {@code pis} and {@code dds}: one factory per family, the same settings. */
public final class ControlMethodFactory implements MethodFactory {

  static final Setting<Boolean> PRECONDITION = Setting.bool("precondition", false,
      "add the time-interpolated target score (s/T) grad log rho to the network's control (Langevin"
          + " preconditioning); costs one target gradient per step, and is an explicit step that can be unstable"
          + " for stiff targets or a wide prior (use clip-score)");
  static final Setting<Double> CLIP_OUTPUT = Setting.real("clip-output", 0.0,
      "clip the network's output to [-c, c] element-wise; 0 = off").atLeast(0);
  static final Setting<Double> CLIP_SCORE = Setting.real("clip-score", 0.0,
      "clip the target score in the preconditioning term to [-c, c]; 0 = off").atLeast(0);
  static final Setting<Double> GRID_VARIANCE = Setting.real("grid-variance", 0.0,
      "space the integrator's steps so that each adds the same discretisation error for a Gaussian target of this"
          + " variance per coordinate (about the target's narrowest squared width); 0 = the integrator's own grid"
          + " spacing").atLeast(0);
  static final Setting<Integer> CHUNK = Setting.integer("sample-batch", 4096,
      "paths simulated at once when sampling (bounds memory)").atLeast(1);

  private final ControlMethod.Family family;

  public ControlMethodFactory(ControlMethod.Family family) {
    this.family = family;
  }

  @Override
  public String description() {
    return switch (family) {
      case DIS -> "time-reversed diffusion sampler: learned control of the reversal of a noising SDE";
      case PIS -> "path integral sampler: controlled Brownian motion from a point mass";
      case DDS -> "denoising diffusion sampler: Ornstein-Uhlenbeck reference, exponential integrator";
    };
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(PRECONDITION, CLIP_OUTPUT, CLIP_SCORE, GRID_VARIANCE, CHUNK);
  }

  @Override
  public Set<Role> roles() {
    return Role.components();
  }

  @Override
  public Map<Role, String> defaults() {
    String forward = switch (family) {
      case DIS -> "vp";
      case PIS -> "scaled-bm";
      case DDS -> "ou";
    };
    return Map.of(Role.FORWARD, forward, Role.MODEL, "mlp", Role.LOSS, "log-variance",
        Role.INTEGRATOR, ControlMethod.defaultStep(family));
  }

  @Override
  public Method create(Settings settings, ComponentContext context) {
    return new ControlMethod(family, settings.get(PRECONDITION), settings.get(CLIP_OUTPUT),
        settings.get(CLIP_SCORE), settings.get(GRID_VARIANCE), settings.get(CHUNK));
  }
}

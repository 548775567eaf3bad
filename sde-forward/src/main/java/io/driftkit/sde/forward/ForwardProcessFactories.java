package io.driftkit.sde.forward;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;

/** The factories of the forward processes, with their config keys. */
public final class ForwardProcessFactories {

  private ForwardProcessFactories() {}

  static final Setting<Double> BETA_MIN = Setting.real("beta-min", 0.1, "beta(0) of the linear schedule")
      .greaterThan(0);
  static final Setting<Double> BETA_MAX = Setting.real("beta-max", 20.0, "beta(T) of the linear schedule")
      .greaterThan(0);
  /** The noise schedules of vp and sub-vp. */
  enum Schedule { LINEAR, COSINE }

  static final Setting<Schedule> SCHEDULE = Setting.choice("schedule", Schedule.LINEAR,
      "noise schedule: linear beta, or the cosine schedule of Nichol and Dhariwal (beta-min/max unused)");
  static final Setting<Double> HORIZON = Setting.real("horizon", 1.0, "the horizon T").greaterThan(0);
  static final Setting<Double> PRIOR_STD = Setting.real("prior-std", 1.0,
      "s in dX = -beta/2 X dt + s sqrt(beta) dW: the standard deviation of the prior N(0, s^2 I) the process reaches")
      .greaterThan(0);

  /** Shared by vp and sub-vp. */
  static BetaSchedule schedule(Settings s) {
    if (s.get(SCHEDULE) == Schedule.COSINE) {
      return BetaSchedule.cosine();
    }
    if (s.get(BETA_MAX) < s.get(BETA_MIN)) {
      throw s.invalid(BETA_MAX, "beta-max must be >= beta-min (" + s.get(BETA_MIN) + ")");
    }
    return BetaSchedule.linear(s.get(BETA_MIN), s.get(BETA_MAX));
  }

  /** {@code vp}. */
  public static final class Vp implements ComponentFactory<ForwardProcess> {
    @Override
    public String description() {
      return "variance-preserving SDE dX = -beta/2 X dt + s sqrt(beta) dW (linear or cosine beta), prior N(0, s^2 I)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(BETA_MIN, BETA_MAX, SCHEDULE, HORIZON, PRIOR_STD);
    }

    @Override
    public ForwardProcess create(Settings s, ComponentContext context) {
      return new VariancePreserving(schedule(s), s.get(HORIZON), s.get(PRIOR_STD));
    }
  }

  /** {@code sub-vp}. */
  public static final class SubVp implements ComponentFactory<ForwardProcess> {
    @Override
    public String description() {
      return "sub-VP SDE: VP drift, diffusion sqrt(beta (1 - exp(-2 int beta))), marginal std 1 - alpha^2";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(BETA_MIN, BETA_MAX, SCHEDULE, HORIZON);
    }

    @Override
    public ForwardProcess create(Settings s, ComponentContext context) {
      return new SubVariancePreserving(schedule(s), s.get(HORIZON));
    }
  }

  static final Setting<Double> SIGMA_MIN = Setting.real("sigma-min", 0.01, "noise level at t = 0").greaterThan(0);
  static final Setting<Double> SIGMA_MAX = Setting.real("sigma-max", 10.0,
      "noise level at t = T; should exceed the data's spread").greaterThan(0);

  /** {@code ve}. */
  public static final class Ve implements ComponentFactory<ForwardProcess> {
    @Override
    public String description() {
      return "variance-exploding SDE, noise level sigma-min (sigma-max / sigma-min)^(t/T), prior N(0, sigma(T)^2 I)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(SIGMA_MIN, SIGMA_MAX, HORIZON);
    }

    @Override
    public ForwardProcess create(Settings s, ComponentContext context) {
      if (s.get(SIGMA_MAX) <= s.get(SIGMA_MIN)) {
        throw s.invalid(SIGMA_MAX, "sigma-max must exceed sigma-min (" + s.get(SIGMA_MIN) + ")");
      }
      return new VarianceExploding(s.get(SIGMA_MIN), s.get(SIGMA_MAX), s.get(HORIZON));
    }
  }

  static final Setting<Double> THETA = Setting.real("theta", 1.0, "mean-reversion rate").greaterThan(0);
  static final Setting<Double> OU_DIFFUSION = Setting.real("diffusion", Math.sqrt(2),
      "diffusion coefficient g in dX = -theta X dt + g dW (stationary std g / sqrt(2 theta))").greaterThan(0);
  static final Setting<Double> OU_HORIZON = Setting.real("horizon", 5.0, "the horizon T").greaterThan(0);

  /** {@code ou}. */
  public static final class Ou implements ComponentFactory<ForwardProcess> {
    @Override
    public String description() {
      return "Ornstein-Uhlenbeck dX = -theta X dt + g dW, prior its stationary law N(0, g^2 / (2 theta) I)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(THETA, OU_DIFFUSION, OU_HORIZON);
    }

    @Override
    public ForwardProcess create(Settings s, ComponentContext context) {
      return new OrnsteinUhlenbeck(s.get(THETA), s.get(OU_DIFFUSION), s.get(OU_HORIZON));
    }
  }

  static final Setting<Double> BM_DIFFUSION = Setting.real("diffusion", 1.0, "diffusion coefficient g in dX = g dW")
      .greaterThan(0);

  /** {@code scaled-bm}. */
  public static final class ScaledBm implements ComponentFactory<ForwardProcess> {
    @Override
    public String description() {
      return "scaled Brownian motion dX = g dW (the PIS reference), prior N(0, g^2 T I)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(BM_DIFFUSION, HORIZON);
    }

    @Override
    public ForwardProcess create(Settings s, ComponentContext context) {
      return new ScaledBrownianMotion(s.get(BM_DIFFUSION), s.get(HORIZON));
    }
  }
}

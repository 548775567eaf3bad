package io.driftkit.deterministic.sampler;

import io.driftkit.api.Integrator;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;

/** The factories of the noise-schedule samplers and their config keys. */
public final class SamplerFactories {

  private SamplerFactories() {}

  static Setting<Integer> steps(int defaultSteps) {
    return Setting.integer("steps", defaultSteps, "number of steps (one model evaluation each, unless said)")
        .atLeast(1);
  }

  static Setting<StepSchedule> schedule(StepSchedule defaultSchedule) {
    return Setting.choice("schedule", defaultSchedule,
        "step times: uniform in t, quadratic in t (dense near the data) or uniform in log-SNR (linear processes)");
  }

  static final Setting<Double> ETA = Setting.real("eta", 0.0,
      "DDIM's eta: 0 deterministic, 1 the ancestral sampler (posterior variance)").atLeast(0);

  /** {@code ddim}. */
  public static final class DdimFactory implements ComponentFactory<Integrator> {
    private static final Setting<Integer> STEPS = steps(50);
    private static final Setting<StepSchedule> SCHEDULE = schedule(StepSchedule.TIME);

    @Override
    public String description() {
      return "DDIM (Song et al. 2021) with eta for linear forward processes; 1 NFE per step";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(STEPS, ETA, SCHEDULE);
    }

    @Override
    public Integrator create(Settings s, ComponentContext context) {
      return new Ddim(s.get(STEPS), s.get(ETA), s.get(SCHEDULE));
    }
  }

  /** {@code dpm-solver}. */
  public static final class DpmSolverFactory implements ComponentFactory<Integrator> {
    private static final Setting<Integer> STEPS = steps(20);
    private static final Setting<StepSchedule> SCHEDULE = schedule(StepSchedule.LOG_SNR);
    private static final Setting<Integer> ORDER = Setting.integer("order", 2,
        "multistep order: 2 (DPM-Solver++(2M)) or 3 (3M); 1 is DDIM").check(o -> o >= 1 && o <= 3, "1, 2 or 3");
    private static final Setting<Boolean> LOWER_ORDER_FINAL = Setting.bool("lower-order-final", true,
        "with fewer than 15 steps, end with lower-order steps (as the reference code)");

    @Override
    public String description() {
      return "DPM-Solver++ multistep (Lu et al. 2022), data-prediction form, for linear forward processes; 1 NFE per"
          + " step";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(STEPS, ORDER, SCHEDULE, LOWER_ORDER_FINAL);
    }

    @Override
    public Integrator create(Settings s, ComponentContext context) {
      return new DpmSolverPlusPlus(s.get(STEPS), s.get(ORDER), s.get(SCHEDULE), s.get(LOWER_ORDER_FINAL));
    }
  }

  /** {@code edm}. */
  public static final class EdmFactory implements ComponentFactory<Integrator> {
    private static final Setting<Integer> STEPS = Setting.integer("steps", 18,
        "N: noise levels before the final 0 (Heun: NFE = 2N - 1)").atLeast(2);
    private static final Setting<Double> SIGMA_MIN = Setting.real("sigma-min", 0.002,
        "smallest nonzero noise level sigma/alpha").greaterThan(0);
    private static final Setting<Double> SIGMA_MAX = Setting.real("sigma-max", 0.0,
        "largest noise level; 0: the forward process's sigma/alpha at its horizon (must match it if given)")
        .atLeast(0);
    private static final Setting<Double> RHO = Setting.real("rho", 7.0, "the grid's power rho").greaterThan(0);
    private static final Setting<Edm.Solver> SOLVER = Setting.choice("solver", Edm.Solver.HEUN,
        "heun (2nd order, NFE 2N - 1) or euler (NFE N)");
    private static final Setting<Double> S_CHURN = Setting.real("s-churn", 0.0,
        "Algorithm 2's S_churn (0: the deterministic Algorithm 1)").atLeast(0);
    private static final Setting<Double> S_TMIN = Setting.real("s-tmin", 0.0, "churn only where sigma >= s-tmin")
        .atLeast(0);
    // 0 stands for the paper's infinity: run keys are finite numbers (the settings contract refuses Infinity)
    private static final Setting<Double> S_TMAX = Setting.real("s-tmax", 0.0,
        "churn only where sigma <= s-tmax; 0: no upper bound (the paper's infinity)").atLeast(0);
    private static final Setting<Double> S_NOISE = Setting.real("s-noise", 1.0, "scale of the churn noise")
        .atLeast(0);

    @Override
    public String description() {
      return "EDM sampler (Karras et al. 2022, Algorithms 1 and 2): Karras sigma grid, Heun or Euler, optional"
          + " churn; linear forward processes";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(STEPS, SIGMA_MIN, SIGMA_MAX, RHO, SOLVER, S_CHURN, S_TMIN, S_TMAX, S_NOISE);
    }

    @Override
    public Integrator create(Settings s, ComponentContext context) {
      if (s.get(SIGMA_MAX) > 0 && s.get(SIGMA_MIN) >= s.get(SIGMA_MAX)) {
        throw s.invalid(SIGMA_MIN, "must be below integrator.sigma-max = " + s.get(SIGMA_MAX));
      }
      double churnMax = s.get(S_TMAX) == 0 ? Double.POSITIVE_INFINITY : s.get(S_TMAX);
      if (s.get(S_TMIN) > churnMax) {
        throw s.invalid(S_TMIN, "must not exceed integrator.s-tmax = " + s.get(S_TMAX));
      }
      return new Edm(s.get(STEPS), s.get(SIGMA_MIN), s.get(SIGMA_MAX), s.get(RHO), s.get(SOLVER), s.get(S_CHURN),
          s.get(S_TMIN), churnMax, s.get(S_NOISE));
    }
  }

  /** {@code rd}. */
  public static final class RdFactory implements ComponentFactory<Integrator> {
    private static final Setting<Integer> STEPS = steps(50);
    private static final Setting<StepSchedule> SCHEDULE = schedule(StepSchedule.TIME);
    private static final Setting<Integer> SUBSTEPS = Setting.integer("substeps", 4,
        "RK4 steps per step for the degradation flow of a non-linear process (no model evaluations)").atLeast(1);

    @Override
    public String description() {
      return "restoration-degradation sampler (Chen, Daras and Dimakis 2023): DDIM (eta 0) for linear forward"
          + " processes, its extension for non-linear drifts; 1 NFE per step";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(STEPS, SCHEDULE, SUBSTEPS);
    }

    @Override
    public Integrator create(Settings s, ComponentContext context) {
      return new RestorationDegradation(s.get(STEPS), s.get(SCHEDULE), s.get(SUBSTEPS));
    }
  }
}

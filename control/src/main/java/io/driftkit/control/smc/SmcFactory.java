package io.driftkit.control.smc;

import io.driftkit.api.Method;
import io.driftkit.api.Role;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.MethodFactory;
import java.util.List;
import java.util.Set;

/** Registers {@code smc}: annealed importance sampling with resampling and MALA / HMC moves ({@link SmcMethod}). */
public final class SmcFactory implements MethodFactory {

  static final Setting<Integer> TEMPERATURES = Setting.integer("temperatures", 100,
      "number K of annealing steps from the reference (beta = 0) to the target (beta = 1)").atLeast(1);
  static final Setting<Schedule> SCHEDULE = Setting.choice("schedule", Schedule.GEOMETRIC,
      "spacing of the inverse temperatures: linear = k/K; power = (k/K)^power; geometric = 0, then equal ratios"
          + " from beta-min to 1");
  static final Setting<Double> POWER = Setting.real("power", 4.0,
      "exponent of the power schedule").greaterThan(0);
  static final Setting<Double> BETA_MIN = Setting.real("beta-min", 1e-4,
      "first non-zero inverse temperature of the geometric schedule")
      .check(v -> v > 0 && v < 1, "a number in (0, 1)");
  static final Setting<Double> INIT_SCALE = Setting.real("init-scale", 1.0,
      "standard deviation s of the reference N(0, s^2 I) the particles start from").greaterThan(0);
  /** The Metropolis–Hastings move applied at every temperature. */
  enum Kernel { MALA, HMC }

  static final Setting<Kernel> KERNEL = Setting.choice("kernel", Kernel.MALA,
      "the move applied at every temperature: mala or hmc");
  static final Setting<Integer> LEAPFROG = Setting.integer("leapfrog", 5,
      "leapfrog steps per HMC move").atLeast(1);
  static final Setting<Integer> MOVES = Setting.integer("moves", 2,
      "MALA / HMC moves per temperature").atLeast(1);
  static final Setting<Double> STEP_SIZE = Setting.real("step-size", 0.1,
      "step size of the moves at the first temperature (MALA: h in y = x + h grad + sqrt(2h) z; HMC: leapfrog"
          + " step)").greaterThan(0);
  static final Setting<Double> STEP_JITTER = Setting.real("step-jitter", 0.0,
      "each particle's step is step * exp(J u), u ~ U(-1, 1) drawn per move (still an exact invariant kernel): lets"
          + " targets whose scale varies across the space (funnel) accept moves everywhere; 0 = one common step")
      .atLeast(0);
  static final Setting<Boolean> ADAPT = Setting.bool("adapt", true,
      "adapt the step size to the target acceptance rate, from the previous temperature's acceptance only");
  static final Setting<Double> TARGET_ACCEPTANCE = Setting.real("target-acceptance", 0.6,
      "acceptance rate the step-size adaptation aims at").check(v -> v > 0 && v < 1, "a number in (0, 1)");
  static final Setting<Double> RESAMPLE_THRESHOLD = Setting.real("resample-threshold", 0.5,
      "resample (systematic) when the normalised ESS falls below this fraction")
      .check(v -> v > 0 && v <= 1, "a number in (0, 1]");
  static final Setting<Boolean> FINAL_RESAMPLE = Setting.bool("final-resample", true,
      "resample once more at the end: equally weighted samples, every log weight = the log Z estimate");

  @Override
  public String description() {
    return "sequential Monte Carlo / annealed importance sampling with resampling and MALA or HMC moves,"
        + " with its log Z estimate";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(TEMPERATURES, SCHEDULE, POWER, BETA_MIN, INIT_SCALE, KERNEL, LEAPFROG, MOVES, STEP_SIZE,
        STEP_JITTER, ADAPT, TARGET_ACCEPTANCE, RESAMPLE_THRESHOLD, FINAL_RESAMPLE);
  }

  @Override
  public Set<Role> roles() {
    return Set.of();
  }

  @Override
  public Method create(Settings settings, ComponentContext context) {
    Schedule schedule = settings.get(SCHEDULE);
    double[] betas = schedule.betas(settings.get(TEMPERATURES), settings.get(POWER), settings.get(BETA_MIN));
    int leapfrog = settings.get(KERNEL) == Kernel.HMC ? settings.get(LEAPFROG) : 0;
    return new SmcMethod(betas, settings.get(INIT_SCALE), leapfrog, settings.get(MOVES), settings.get(STEP_SIZE),
        settings.get(STEP_JITTER), settings.get(ADAPT), settings.get(TARGET_ACCEPTANCE), settings.get(RESAMPLE_THRESHOLD),
        settings.get(FINAL_RESAMPLE));
  }
}

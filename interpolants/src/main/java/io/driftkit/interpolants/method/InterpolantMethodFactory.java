package io.driftkit.interpolants.method;

import io.driftkit.api.Interpolant;
import io.driftkit.api.Method;
import io.driftkit.api.Role;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.MethodFactory;
import io.driftkit.interpolants.path.InterpolantCheck;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code interpolant}: its keys, its roles' defaults, and the checks of its ends and interpolant. */
public final class InterpolantMethodFactory implements MethodFactory {

  /** The value of an end key meaning N(0, I). */
  static final String NORMAL = "normal";
  /** The value of an end key meaning the run's target. */
  static final String TARGET = "target";
  /** The value of an end's settings key meaning none. */
  static final String NONE = "none";

  /** Which way generation runs. */
  public enum Direction { FORWARD, BACKWARD }

  static final Setting<String> RHO0 = Setting.pathOrName("rho0", NORMAL, "the start x0: normal (N(0, I)), target (the"
      + " run's), a registered target name, or a CSV data file (header x0,x1,...)");
  static final Setting<String> RHO0_SETTINGS = Setting.text("rho0-settings", NONE,
      "settings of a target named by rho0, as key=value;key=value (none: its defaults)");
  static final Setting<String> RHO1 = Setting.pathOrName("rho1", TARGET, "the end x1: target (the run's), a registered"
      + " target name, or a CSV data file; the end being generated must be the run's target or a data file");
  static final Setting<String> RHO1_SETTINGS = Setting.text("rho1-settings", NONE,
      "settings of a target named by rho1, as key=value;key=value (none: its defaults)");
  static final Setting<Direction> DIRECTION = Setting.choice("direction", Direction.FORWARD,
      "forward: generate rho1 from rho0 (ODE or forward SDE); backward: generate rho0 from rho1 (backward SDE)");
  static final Setting<Double> EPSILON = Setting.real("epsilon", 0.0,
      "diffusion eps of the generative SDE dX = (b + eps s) dt + sqrt(2 eps) dW; 0 = the probability-flow ODE")
      .atLeast(0);
  static final Setting<EpsilonSchedule> SCHEDULE = Setting.choice("epsilon-schedule", EpsilonSchedule.CONSTANT,
      "eps(t): constant, sine (eps sin(pi t)) or decay (eps (1 - t))");
  static final Setting<Double> T_MIN = Setting.real("t-min", 1e-3,
      "fields are learnt on [t-min, 1 - t-min] and evaluated at times clamped there").greaterThan(0)
      .check(v -> v <= 0.1, "a number <= 0.1");
  static final Setting<InterpolantMethod.LikelihoodMode> LIKELIHOOD = Setting.choice("likelihood",
      InterpolantMethod.LikelihoodMode.AUTO, "log-likelihood of the generated law at held-out points: exact"
      + " divergence, hutchinson, auto (exact up to d = 10, where the start has a density) or none");
  static final Setting<Integer> LIKELIHOOD_N = Setting.integer("likelihood-n", 500,
      "held-out points the likelihood is estimated at").atLeast(1);
  static final Setting<Integer> PROBES = Setting.integer("likelihood-probes", 1,
      "Rademacher probes of Hutchinson's divergence estimate").atLeast(1);
  static final Setting<Integer> PATHS = Setting.integer("likelihood-paths", 16,
      "backward-SDE paths per point of the SDE likelihood (Feynman-Kac with Girsanov weights, log mean exp)")
      .atLeast(1);

  @Override
  public String description() {
    return "stochastic interpolants between two ends (normal, targets, data files): quadratic velocity / score /"
        + " denoiser losses, ODE and tunable-noise SDE generation, likelihoods";
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.INTERPOLANT, Role.MODEL, Role.LOSS, Role.INTEGRATOR);
  }

  @Override
  public Map<Role, String> defaults() {
    return Map.of(Role.INTERPOLANT, "linear", Role.MODEL, "mlp", Role.LOSS, "velocity-score", Role.INTEGRATOR,
        "heun");
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> all = new java.util.ArrayList<>(List.of(RHO0, RHO0_SETTINGS, RHO1, RHO1_SETTINGS, DIRECTION,
        EPSILON, SCHEDULE, T_MIN, LIKELIHOOD, LIKELIHOOD_N, PROBES, PATHS));
    all.addAll(OdeSdePair.SETTINGS);
    return all;
  }

  @Override
  public Method create(Settings s, ComponentContext context) {
    Interpolant ip = context.interpolant().orElseThrow(() -> new ConfigException(
        "method 'interpolant' needs an interpolant (key 'interpolant')"));
    InterpolantCheck.check(describe(ip), ip);
    End rho1 = end(s, RHO1, RHO1_SETTINGS, context);
    End rho0 = end(s, RHO0, RHO0_SETTINGS, context);
    if (rho0.dim() != rho1.dim()) {
      throw new ConfigException("the ends have different dimensions: method.rho0 is " + rho0 + " (d = "
          + rho0.dim() + "), method.rho1 is " + rho1 + " (d = " + rho1.dim() + ")");
    }
    if (ip.base() == Interpolant.Base.GAUSSIAN && !rho0.isStandardNormal()) {
      throw new ConfigException("interpolant " + describe(ip) + " is one-sided: its x0 is N(0, I), so method.rho0"
          + " must be normal, not " + rho0);
    }
    if (ip.base() == Interpolant.Base.MIRROR && !(s.get(RHO0).equals(s.get(RHO1))
        && s.get(RHO0_SETTINGS).equals(s.get(RHO1_SETTINGS)))) {
      throw new ConfigException("interpolant " + describe(ip) + " is a mirror: x0 = x1, so method.rho0 must name"
          + " the same end as method.rho1 ('" + s.get(RHO1) + "'), not '" + s.get(RHO0) + "'");
    }
    boolean backward = s.get(DIRECTION) == Direction.BACKWARD;
    End generated = backward ? rho0 : rho1;
    if (!generated.canBeGenerated()) {
      throw new ConfigException("direction " + Setting.name(s.get(DIRECTION)) + " generates method."
          + (backward ? "rho0" : "rho1") + " = " + generated + ", but the metrics compare samples with the run's"
          + " target or held-out rows of a data file; make that end 'target' (and set key 'target') or a data file");
    }
    InterpolantMethod.Options options = new InterpolantMethod.Options(backward, s.get(EPSILON), s.get(SCHEDULE),
        s.get(T_MIN), s.get(LIKELIHOOD), s.get(LIKELIHOOD_N), s.get(PROBES), s.get(PATHS));
    return new InterpolantMethod(ip, rho0, rho1, options, OdeSdePair.from(s));
  }

  /** How to name an interpolant in messages: its own description, else its class. */
  static String describe(Interpolant ip) {
    try {
      boolean own = ip.getClass().getMethod("toString").getDeclaringClass() != Object.class;
      return own ? ip.toString() : ip.getClass().getName();
    } catch (NoSuchMethodException e) {
      return ip.getClass().getName();
    }
  }

  private static End end(Settings s, Setting<String> key, Setting<String> settingsKey, ComponentContext context) {
    String value = s.get(key);
    String settings = s.get(settingsKey);
    String fullKey = "method." + key.key();
    int d = context.target().dim();
    boolean namesTarget = !value.equals(NORMAL) && !value.equals(TARGET) && !isFile(value);
    if (!settings.equals(NONE) && !namesTarget) {
      throw s.invalid(settingsKey, "it applies only when " + fullKey + " names a registered target, not '" + value
          + "'");
    }
    if (value.equals(NORMAL)) {
      return End.normal(d);
    }
    if (value.equals(TARGET)) {
      return End.target(context.target(), true);
    }
    if (isFile(value)) {
      End file = End.file(Path.of(value), d, fullKey);
      context.readsData(Path.of(value));
      return file;
    }
    Target target;
    try {
      target = context.buildTarget(value, parse(s, settingsKey, settings));
    } catch (ConfigException e) {
      throw new ConfigException("invalid value '" + value + "' for key '" + fullKey + "': " + e.getMessage(), e);
    }
    return End.target(target, false);
  }

  /**
   * A value naming a file rather than a target: a path separator or a file extension ({@link Setting#namesPath});
   * the host has already resolved such a value against the config file's directory.
   */
  static boolean isFile(String value) {
    return Setting.namesPath(value);
  }

  private static Map<String, String> parse(Settings s, Setting<String> key, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text.equals(NONE)) {
      return out;
    }
    for (String part : text.split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw s.invalid(key, "expected key=value;key=value, got '" + part + "'");
      }
      out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return out;
  }
}

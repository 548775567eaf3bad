package io.driftkit.bridge;

import io.driftkit.api.DriftModel;
import io.driftkit.api.Method;
import io.driftkit.api.Role;
import io.driftkit.api.TargetSampler;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.MethodFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Registers {@code dsb} ({@link DsbMethod}) with its keys. */
public final class DsbFactory implements MethodFactory {

  /** The value of {@code reference} and {@code reference-keys} that means "none". */
  static final String NONE = "none";

  static final Setting<Integer> STEPS = Setting.integer("steps", 20,
      "number K of steps of both chains over the reference's horizon (key forward.horizon)").atLeast(1);
  static final Setting<TimeGrid.Spacing> GRID = Setting.choice("grid", TimeGrid.Spacing.UNIFORM,
      "spacing of the K steps in forward time t (t = 0 at the target): quadratic and karras are dense at the target"
          + " side, cosine at both ends");
  static final Setting<Integer> ITERATIONS = Setting.integer("iterations", 3,
      "IPF iterations: 1 is the plain denoising-diffusion sampler (the backward network fitted to the reference);"
          + " each further one fits the forward network, then the backward network again (2 phases)").atLeast(1);
  static final Setting<Integer> CACHE_PATHS = Setting.integer("cache-paths", 1000,
      "paths simulated into a trajectory cache (each gives K regression rows)").atLeast(1);
  static final Setting<Integer> CACHE_REFRESH = Setting.integer("cache-refresh", 200,
      "optimiser steps between rebuilds of the trajectory cache").atLeast(1);
  static final Setting<Boolean> WARM_START = Setting.bool("warm-start", true,
      "start each phase's network from its previous iteration (false: from its initial weights)");
  static final Setting<DsbMethod.MeanTarget> MEAN_TARGET = Setting.choice("mean-target", DsbMethod.MeanTarget.STATE,
      "what a chain's step mean is regressed on: state (the other chain's previous state: its exact conditional"
          + " mean at any step size) or dsb (De Bortoli et al.'s X' + F(X) - F(X'), equal to first order)");
  static final Setting<Optional<Path>> DATA_FILE = Setting.path("data-file",
      "CSV of target samples (header x0,x1,...; the last 10 % held out for the metrics); empty: see reference");
  static final Setting<String> REFERENCE = Setting.pathOrName("reference", NONE,
      "where particles of an unnormalised target come from: a method needing no training (smc), a config file or"
          + " a finished run's directory (e.g. of dis or dds; a relative path starts at the config file's directory,"
          + " write ./NAME for a bare name); 'none': the target's exact sampler");
  static final Setting<String> REFERENCE_KEYS = Setting.text("reference-keys", NONE,
      "keys of a reference method named in method.reference, as 'key=value' pairs separated by ';' (e.g."
          + " temperatures=1000;kernel=hmc); 'none': its defaults").check(DsbFactory::validPairs,
          "'none' or key=value pairs separated by ';'");
  static final Setting<Integer> REFERENCE_N = Setting.integer("reference-n", 2000,
      "particles in the pool drawn from the reference (resampled by their weights)").atLeast(2);
  static final Setting<Boolean> REFRESH = Setting.bool("refresh", true,
      "after each iteration, redraw the pool from itself and the bridge's own weighted samples, each in proportion"
          + " to its effective sample size");
  static final Setting<Integer> CHUNK = Setting.integer("sample-batch", 4096,
      "paths simulated at once when sampling (bounds memory)").atLeast(1);
  static final Setting<Integer> REPORT_N = Setting.integer("report-n", 1000,
      "paths per iteration for the convergence report (sample distances at both ends, weights, distance to the"
          + " closed-form bridge); 0 = only a finiteness check").atLeast(0);

  @Override
  public String description() {
    return "diffusion Schroedinger bridge: IPF with mean-matching regressions of a backward and a forward drift,"
        + " exact path weights for log Z";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(STEPS, GRID, ITERATIONS, CACHE_PATHS, CACHE_REFRESH, WARM_START, MEAN_TARGET,
        BridgePrior.PRIOR_STD, DATA_FILE, REFERENCE, REFERENCE_KEYS, REFERENCE_N, REFRESH, CHUNK, REPORT_N);
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.FORWARD, Role.MODEL);
  }

  @Override
  public Map<Role, String> defaults() {
    return Map.of(Role.FORWARD, "vp", Role.MODEL, "mlp");
  }

  @Override
  public Method create(Settings s, ComponentContext context) {
    Path file = s.get(DATA_FILE).orElse(null);
    String source = s.get(REFERENCE);
    if (file != null && !source.equals(NONE)) {
      throw s.invalid(REFERENCE, "give either method.data-file or method.reference, not both");
    }
    if (file != null) {
      context.readsData(file);
    }
    TargetSampler reference = source.equals(NONE) ? null
        : context.sampler(source, pairs(s.get(REFERENCE_KEYS)), "method.reference");
    DriftModel twin = context.freshModel().orElse(null);
    if (twin instanceof OracleBridgeModel oracle) {
      twin = oracle.withDirection(OracleBridgeModel.Direction.FORWARD);
    }
    DsbMethod.Config config = new DsbMethod.Config(s.get(STEPS), s.get(GRID), s.get(ITERATIONS), s.get(CACHE_PATHS),
        s.get(CACHE_REFRESH), s.get(WARM_START), s.get(MEAN_TARGET), s.get(BridgePrior.PRIOR_STD),
        file, s.get(REFERENCE_N), s.get(REFRESH), s.get(CHUNK),
        s.get(REPORT_N));
    return new DsbMethod(config, reference, twin);
  }

  private static boolean validPairs(String text) {
    try {
      pairs(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** 'k=v;k2=v2' as a map; 'none' as none. */
  static Map<String, String> pairs(String text) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (text.equals(NONE) || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(";")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || pair.substring(0, eq).isBlank()) {
        throw new IllegalArgumentException(pair);
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }
}

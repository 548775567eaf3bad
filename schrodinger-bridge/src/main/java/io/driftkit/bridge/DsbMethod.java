package io.driftkit.bridge;

import io.driftkit.api.Components;
import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Method;
import io.driftkit.api.PhasedTraining;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TargetSampler;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.TrainingHost;
import io.driftkit.api.TrainingSupport;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.IsotropicGaussian;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.weights.FiniteWeightedSamples;
import io.driftkit.toolkit.data.CsvDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Diffusion Schrödinger bridge ({@code dsb}; De Bortoli et al. 2021, Heng, De Bortoli and Doucet): iterative
 * proportional fitting by mean-matching regressions over a horizon T with K steps ({@link BridgeSteps}). Iteration 1
 * fits the backward network to paths of the reference process started at the target side, so it alone is the plain
 * denoising-diffusion sampler; iteration n >= 2 first fits the forward network to paths of the backward chain
 * started at the prior, then the backward network to paths of that forward chain from the target side. Each half is
 * one training phase run by the host ({@link PhasedTraining}). Samples come from the backward chain with the exact
 * path weight of {@link BridgeChains} under the last forward chain (the reference after iteration 1), so ELBO,
 * importance-sampling log Z, EUBO and ESS are reported as for the control samplers.
 *
 * <p>The target side is a data file, the target's exact sampler, or, for an unnormalised target, a pool of weighted
 * particles from another sampler ({@code method.reference}) refreshed with the bridge's own weighted samples after
 * each iteration ({@link TargetSide.Pool}). After each iteration the method reports to the host the sample
 * distances at both ends, the path weights and, for a Gaussian target, the distance to the closed-form bridge. If an
 * iteration diverges, the networks of the last completed one are kept and sampled with, and the failing iteration is
 * named in the metrics.
 */
public final class DsbMethod implements Method, PhasedTraining {

  /** What the backward (forward) mean is regressed on. */
  public enum MeanTarget {
    /**
     * The previous state itself: the minimiser is the exact conditional mean {@code E[X_k | X_{k+1}]} of the other
     * chain, at any step size.
     */
    STATE,
    /**
     * De Bortoli et al.'s mean-matching target {@code X_{k+1} + F(X_k) - F(X_{k+1})}, with F the other chain's
     * step mean: the same conditional mean to first order in the step.
     */
    DSB
  }

  /** The method's settings (see {@link DsbFactory}). */
  record Config(int steps, TimeGrid.Spacing spacing, int iterations, int cachePaths, int cacheRefresh,
      boolean warmStart, MeanTarget meanTarget, double priorStd, Path dataFile, int referenceN, boolean refresh,
      int chunk, int reportN) {}

  /** The share of a data file's rows (its last rows) kept out of training for the metrics. */
  static final double HELD_OUT = 0.1;

  private final Config config;
  private final TargetSampler reference;
  private final DriftModel forwardModel;
  private CsvDataSource[] fileData;
  private TargetSide targetSide;
  private int completed;
  private int failedIteration;
  /** Phases that ran no optimiser step (a train.max-seconds budget spent before them): their network is as it was. */
  private int idlePhases;
  private boolean forwardTrained;
  private double poolBridgeShare = Double.NaN;

  /**
   * @param reference the source of target particles, or null
   * @param forwardModel the forward network (a second instance of the run's model), or the forward field of an
   *     oracle bridge; null when the run's model has no twin (then the forward chain is the reference)
   */
  DsbMethod(Config config, TargetSampler reference, DriftModel forwardModel) {
    this.config = config;
    this.reference = reference;
    this.forwardModel = forwardModel;
  }

  Config config() {
    return config;
  }

  @Override
  public void validate(Components components) {
    ForwardProcess forward = components.requireForward("method 'dsb'");
    BridgePrior.linear(forward, "dsb");
    DriftModel model = components.requireModel("method 'dsb'");
    steps(components);
    if (config.dataFile != null) {
      fileData(components);
    }
    if (trainable(components)) {
      if (!(forwardModel instanceof LearnableDriftModel)) {
        throw new ConfigException("method 'dsb' learns two networks of the configured model (key 'model'), but no"
            + " second instance of '" + model.getClass().getSimpleName() + "' could be built");
      }
      if (config.dataFile == null && reference == null && !components.target().hasExactSampler()) {
        throw new ConfigException("method 'dsb' learns from samples of the target: set method.data-file, or"
            + " method.reference to a sampler of this target (e.g. smc, or a trained dis or dds run directory)");
      }
    }
  }

  @Override
  public boolean trainable(Components components) {
    return components.model() instanceof LearnableDriftModel;
  }

  @Override
  public Optional<PhasedTraining> phasedTraining() {
    return Optional.of(this);
  }

  @Override
  public int phases(Components components) {
    return 2 * config.iterations - 1;
  }

  /** The chains on the forward-time grid over the reference's horizon. */
  BridgeSteps steps(Components components) {
    ForwardProcess forward = components.requireForward("method 'dsb'");
    TimeGrid grid = TimeGrid.spaced(config.spacing, 0, forward.horizon(), config.steps);
    try {
      return new BridgeSteps(forward, BridgePrior.linear(forward, "dsb"), grid);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("method 'dsb' with forward '" + forward.getClass().getSimpleName() + "': "
          + e.getMessage(), e);
    }
  }

  BridgeChains chains(Components components) {
    ForwardProcess forward = components.requireForward("method 'dsb'");
    int d = components.target().dim();
    return new BridgeChains(steps(components), new IsotropicGaussian(d, BridgePrior.variance(forward,
        config.priorStd)), components.target());
  }

  private CsvDataSource[] fileData(Components components) {
    if (fileData == null) {
      fileData = CsvDataSource.read(config.dataFile, components.target().dim(), "method.data-file")
          .split(HELD_OUT);
    }
    return fileData;
  }

  /** The target side, its particle pool filled (once) from {@code random} when it is one. */
  private TargetSide targetSide(Components components, RandomSource random) {
    if (targetSide == null) {
      if (config.dataFile != null) {
        targetSide = TargetSide.of(fileData(components)[0], "data file " + config.dataFile);
      } else if (reference != null) {
        targetSide = new TargetSide.Pool(reference, config.referenceN);
      } else {
        targetSide = TargetSide.exact(components.target());
      }
    }
    if (targetSide instanceof TargetSide.Pool pool) {
      pool.fill(random);
    }
    return targetSide;
  }

  /** The field the backward chain samples with: the run's model (an oracle bridge's backward field). */
  private DriftModel backwardField(Components components) {
    DriftModel model = components.requireModel("method 'dsb'");
    return model instanceof OracleBridgeModel o ? o.withDirection(OracleBridgeModel.Direction.BACKWARD) : model;
  }

  /** The forward field whose kernels weight the paths: the last trained forward network, else the reference. */
  private DriftModel weightsForward(Components components) {
    if (components.model() instanceof OracleBridgeModel) {
      return forwardModel;
    }
    return forwardTrained ? forwardModel : null;
  }

  @Override
  public void train(Components components, TrainingHost host, RandomSource random) {
    BridgeChains chains = chains(components);
    LearnableDriftModel back = (LearnableDriftModel) components.model();
    LearnableDriftModel fwd = (LearnableDriftModel) forwardModel;
    INDArray back0 = back.parameters();
    INDArray fwd0 = fwd.parameters();
    TargetSide side = targetSide(components, random.split("pool"));
    IterationReport report = new IterationReport(components, chains, host, side, config.reportN,
        random.split("report"));
    Snapshot good = null;
    completed = 0;
    failedIteration = 0;
    idlePhases = 0;
    forwardTrained = false;
    for (int n = 1; n <= config.iterations; n++) {
      RandomSource it = random.split("ipf-" + n);
      if (n >= 2) {
        if (!config.warmStart) {
          fwd.setParameters(fwd0);
        }
        TrainingHost.Phase phase = host.train("ipf-" + n + "-forward", fwd,
            forwardHalf(chains, back, it.split("forward")), TrainingSupport.NONE);
        idlePhases += phase.steps() == 0 ? 1 : 0;
        if (phase.diverged() || !report.afterForward(n, phase, fwd)) {
          restore(good, back, fwd, n, phase, host);
          break;
        }
        forwardTrained = true;
      }
      if (!config.warmStart) {
        back.setParameters(back0);
      }
      TrainingHost.Phase phase = host.train("ipf-" + n + "-backward", back,
          backwardHalf(chains, forwardTrained ? fwd : null, side, it.split("backward")), TrainingSupport.NONE);
      idlePhases += phase.steps() == 0 ? 1 : 0;
      if (phase.diverged() || !report.afterBackward(n, phase, back, forwardTrained ? fwd : null)) {
        restore(good, back, fwd, n, phase, host);
        break;
      }
      completed = n;
      good = new Snapshot(back.parameters(), fwd.parameters(), forwardTrained);
      if (side instanceof TargetSide.Pool pool && config.refresh && n < config.iterations) {
        RandomSource r = it.split("refresh");
        BridgeChains.Backward paths = chains.backward(back, forwardTrained ? fwd : null,
            chains.prior().sample(config.referenceN, r.split("prior")), r, true, false, StepObserver.NONE);
        poolBridgeShare = pool.refresh(paths.end(), paths.logWeights(), r.split("resample"));
        host.record(n, "pool_bridge_share", poolBridgeShare);
      }
    }
  }

  /** The networks after one completed iteration. */
  private record Snapshot(INDArray backward, INDArray forward, boolean forwardTrained) {}

  /** Keeps the last completed iteration's networks after iteration n failed (or ends the run if n = 1). */
  private void restore(Snapshot good, LearnableDriftModel back, LearnableDriftModel fwd, int n,
      TrainingHost.Phase phase, TrainingHost host) {
    String why = phase.diverged() ? phase.message() : "its chain produced non-finite samples";
    if (good == null) {
      throw new IllegalStateException("dsb: IPF iteration 1 diverged (phase " + phase.name() + "): " + why
          + "; no iteration completed, so there is nothing to sample with (lower train.lr, or set train.clip)");
    }
    back.setParameters(good.backward);
    fwd.setParameters(good.forward);
    forwardTrained = good.forwardTrained;
    failedIteration = n;
    host.record(n, "failed", 1);
    host.log("dsb: IPF iteration " + n + " diverged (phase " + phase.name() + "): " + why + "; keeping the networks"
        + " of iteration " + (n - 1));
  }

  /** Backward half: regress the backward chain's mean on forward paths from the target side. */
  private MeanMatchingLoss backwardHalf(BridgeChains chains, DriftModel fwd, TargetSide side, RandomSource random) {
    return new MeanMatchingLoss(r -> backwardRows(chains, fwd, side, r), random, config.cacheRefresh);
  }

  /**
   * The backward half's regression rows: forward paths from the target side under {@code fwd} (null: the
   * reference); backward step j = K - 1 - k is fitted at state X_{k+1} to X_k, or to the paper's
   * {@code X_{k+1} + F_k(X_k) - F_k(X_{k+1})}.
   */
  MeanMatchingLoss.Cache backwardRows(BridgeChains chains, DriftModel fwd, TargetSide side, RandomSource r) {
    BridgeSteps s = chains.steps();
    INDArray x0 = side.draw(config.cachePaths, r.split("data"));
    BridgeChains.Forward paths = chains.forward(fwd, x0, r);
    CacheRows rows = new CacheRows(s.steps(), config.cachePaths);
    for (int k = 0; k < s.steps(); k++) {
      INDArray state = paths.states().get(k + 1);
      INDArray target = config.meanTarget == MeanTarget.STATE ? paths.states().get(k)
          : state.add(paths.means().get(k)).subi(chains.forwardMean(fwd, state, k));
      rows.add(state, target, s.time(k + 1), 1 / s.a(k), s.v(k) / s.a(k), s.v(k));
    }
    return rows.cache();
  }

  /** Forward half: regress the forward chain's mean on backward paths from the prior. */
  private MeanMatchingLoss forwardHalf(BridgeChains chains, DriftModel back, RandomSource random) {
    return new MeanMatchingLoss(r -> forwardRows(chains, back, r), random, config.cacheRefresh);
  }

  /**
   * The forward half's regression rows: backward paths from the prior under {@code back}; forward step
   * k = K - 1 - j is fitted at state Y_{j+1} (= X_k) to Y_j, or to the paper's
   * {@code Y_{j+1} + B_j(Y_j) - B_j(Y_{j+1})}.
   */
  MeanMatchingLoss.Cache forwardRows(BridgeChains chains, DriftModel back, RandomSource r) {
    BridgeSteps s = chains.steps();
    INDArray y0 = chains.prior().sample(config.cachePaths, r.split("prior"));
    BridgeChains.Backward paths = chains.backward(back, null, y0, r, false, true, StepObserver.NONE);
    CacheRows rows = new CacheRows(s.steps(), config.cachePaths);
    for (int j = 0; j < s.steps(); j++) {
      int k = s.forwardIndex(j);
      INDArray state = paths.states().get(j + 1);
      INDArray target = config.meanTarget == MeanTarget.STATE ? paths.states().get(j)
          : state.add(paths.means().get(j)).subi(chains.backwardMean(back, state, j));
      rows.add(state, target, s.time(k), s.a(k), s.c(k), s.v(k));
    }
    return rows.cache();
  }

  /** Collects regression rows step by step. */
  private static final class CacheRows {
    private final List<INDArray> states = new ArrayList<>();
    private final List<INDArray> targets = new ArrayList<>();
    private final double[] times;
    private final double[] a;
    private final double[] c;
    private final double[] v;
    private final int perStep;
    private int at;

    CacheRows(int steps, int perStep) {
      this.perStep = perStep;
      times = new double[steps * perStep];
      a = new double[times.length];
      c = new double[times.length];
      v = new double[times.length];
    }

    void add(INDArray state, INDArray target, double t, double ak, double ck, double vk) {
      states.add(state);
      targets.add(target);
      java.util.Arrays.fill(times, at, at + perStep, t);
      java.util.Arrays.fill(a, at, at + perStep, ak);
      java.util.Arrays.fill(c, at, at + perStep, ck);
      java.util.Arrays.fill(v, at, at + perStep, vk);
      at += perStep;
    }

    MeanMatchingLoss.Cache cache() {
      return new MeanMatchingLoss.Cache(Nd4j.vstack(states.toArray(INDArray[]::new)),
          Nd4j.vstack(targets.toArray(INDArray[]::new)), times, a, c, v);
    }
  }

  @Override
  public long sampleSteps(Components components, int n) {
    return ((n + (long) config.chunk - 1) / config.chunk) * config.steps;
  }

  @Override
  public Sample sample(Components components, int n, RandomSource random, StepObserver observer) {
    BridgeChains chains = chains(components);
    DriftModel backward = backwardField(components);
    DriftModel forward = weightsForward(components);
    FiniteWeightedSamples kept = new FiniteWeightedSamples();
    for (int start = 0, part = 0; start < n; start += config.chunk, part++) {
      int m = Math.min(config.chunk, n - start);
      RandomSource r = random.split("part-" + part);
      BridgeChains.Backward paths = chains.backward(backward, forward, chains.prior().sample(m, r.split("prior")), r,
          true, false, observer);
      kept.add(paths.end(), paths.logWeights());
    }
    INDArray samples = kept.samples("bridge paths");
    Map<String, Number> metrics = new LinkedHashMap<>(); // counts as integers, as every method reports them
    metrics.put("nonfinite_weights", kept.nonFinite());
    metrics.put("steps", config.steps);
    metrics.put("horizon", chains.steps().horizon());
    metrics.put("prior_variance", ((IsotropicGaussian) chains.prior()).variance());
    metrics.put("ipf_iterations", completed);
    if (failedIteration > 0) {
      metrics.put("ipf_failed_iteration", failedIteration);
    }
    if (idlePhases > 0) {
      // an iteration counts as completed even when a spent time budget left its phases untrained: say so
      metrics.put("ipf_idle_phases", idlePhases);
    }
    if (Double.isFinite(poolBridgeShare)) {
      metrics.put("pool_bridge_share", poolBridgeShare);
    }
    return new Sample(samples, kept.logWeights(), 2L * config.steps, metrics);
  }

  @Override
  public Optional<INDArray> logWeightsOnTargetSamples(Components components, INDArray targetSamples,
      RandomSource random) {
    return Optional.of(Rows.vector(chains(components).logWeightsOnForwardPaths(
        backwardField(components), weightsForward(components), targetSamples, random)));
  }

  /** With a data file: its held-out rows (the last 10 %), so MMD and Sinkhorn measure generalisation. */
  @Override
  public Optional<INDArray> referenceSamples(Components components, int n, RandomSource random) {
    if (config.dataFile == null) {
      return Method.super.referenceSamples(components, n, random);
    }
    INDArray held = fileData(components)[1].all();
    return Optional.of(held.size(0) <= n ? held : held.getRows(java.util.stream.IntStream.range(0, n).toArray()));
  }
}

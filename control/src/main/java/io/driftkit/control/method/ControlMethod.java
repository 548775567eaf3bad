package io.driftkit.control.method;

import io.driftkit.api.Components;
import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.Method;
import io.driftkit.api.PathSupport;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.weights.FiniteWeightedSamples;
import io.driftkit.control.loss.PathKlLoss;
import io.driftkit.control.path.Chains;
import io.driftkit.control.path.ControlForm;
import io.driftkit.control.path.NoiseAdaptedGrid;
import io.driftkit.control.path.PathChain;
import io.driftkit.control.path.PathSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The control-based samplers DIS, PIS and DDS: a learned control steers a generative SDE from a simple prior to
 * the target; every sample carries the exact discrete-time log importance weight, so the ELBO, the importance
 * sampling estimate of log Z and the ESS follow. They differ in the reference process, the prior and the
 * discretisation ({@link Chains}).
 */
public final class ControlMethod implements Method {

  /** Which sampler. */
  public enum Family { DIS, PIS, DDS }

  private final Family family;
  private final boolean precondition;
  private final double clipOutput;
  private final double clipScore;
  private final double gridVariance;
  private final int chunk;

  public ControlMethod(Family family, boolean precondition, double clipOutput, double clipScore,
      double gridVariance, int chunk) {
    this.family = family;
    this.precondition = precondition;
    this.clipOutput = clipOutput;
    this.clipScore = clipScore;
    this.gridVariance = gridVariance;
    this.chunk = chunk;
  }

  private String name() {
    return family.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void validate(Components components) {
    components.requireLogDensity("method '" + name() + "'");
    Integrator integrator = components.requireIntegrator(name());
    if (integrator.gaussianKernels().isEmpty()) {
      throw new ConfigException("method '" + name() + "' weights every path with the density of each of its steps,"
          + " so it needs an integrator whose steps are Gaussian kernels (key 'integrator': " + defaultStep()
          + " (its default), " + String.join(", ", KERNEL_INTEGRATORS.stream().filter(i -> !i.equals(defaultStep()))
          .toList()) + ", or any plugin integrator that declares its kernels); the configured one has none");
    }
    components.requireModel(name());
    boolean needsGradient = precondition || components.loss() instanceof PathKlLoss;
    if (needsGradient && !components.target().hasGradient()) {
      throw new ConfigException("method '" + name() + "' with " + (precondition ? "method.precondition = true"
          : "loss = path-kl") + " needs the gradient of the target's log density, which this target lacks");
    }
    if (gridVariance > 0) {
      TimeGrid own = integrator.grid(0, components.requireForward(name()).horizon());
      TimeGrid uniform = TimeGrid.uniform(own.start(), own.end(), own.steps());
      for (int k = 0; k <= own.steps(); k++) {
        if (Math.abs(own.time(k) - uniform.time(k)) > 1e-12 * (1 + Math.abs(own.end()))) {
          throw new ConfigException("method.grid-variance places the steps itself; leave the integrator's grid"
              + " spacing at uniform (key 'integrator.grid') or set method.grid-variance = 0");
        }
      }
    }
    sampler(components);
  }

  /** The integrators of this project whose steps are Gaussian kernels, for messages. */
  static final List<String> KERNEL_INTEGRATORS = List.of("ancestral", "exponential", "euler-maruyama");

  private String defaultStep() {
    return defaultStep(family);
  }

  /** The integrator (its Gaussian step) each family uses by default: the step today's numbers were made with. */
  static String defaultStep(Family family) {
    return switch (family) {
      case DIS -> "ancestral";
      case PIS -> "euler-maruyama";
      case DDS -> "exponential";
    };
  }

  /** The chains and control form of this run, stepped by the integrator's Gaussian kernels. */
  public PathSampler sampler(Components components) {
    var forward = components.requireForward(name());
    Integrator integrator = components.requireIntegrator(name());
    Integrator.GaussianKernels steps = integrator.gaussianKernels().orElseThrow(() -> new IllegalStateException(
        "method '" + name() + "' needs an integrator with Gaussian step kernels"));
    TimeGrid grid = integrator.grid(0, forward.horizon());
    int d = components.target().dim();
    PathChain chain = chain(forward, grid, d, steps);
    if (gridVariance > 0) {
      grid = adaptedGrid(forward, grid.steps());
      chain = chain(forward, grid, d, steps);
    }
    double[] base = family == Family.DIS ? Chains.disBase(forward, grid) : new double[grid.steps()];
    double refPrecision = 1 / (family == Family.DIS ? Chains.stationaryVariance(forward) : chain.terminalVar());
    return new PathSampler(chain, new ControlForm(base, precondition, refPrecision, clipOutput, clipScore),
        components.target());
  }

  /** The family's chains on {@code grid}; also what checks that the forward process suits the family. */
  private PathChain chain(ForwardProcess forward, TimeGrid grid, int d, Integrator.GaussianKernels steps) {
    return switch (family) {
      case DIS -> Chains.dis(forward, grid, d, steps);
      case PIS -> Chains.pis(forward, grid, steps);
      case DDS -> Chains.dds(forward, grid, d, steps);
    };
  }

  /** The grid of {@link NoiseAdaptedGrid} for a target of variance {@code gridVariance}; the forward is checked. */
  private TimeGrid adaptedGrid(ForwardProcess forward, int steps) {
    double horizon = forward.horizon();
    double g = forward.diffusion(0);
    return switch (family) {
      case DIS -> NoiseAdaptedGrid.dis(forward, steps, gridVariance);
      case PIS -> NoiseAdaptedGrid.pis(g, horizon, steps, gridVariance);
      case DDS -> {
        double theta = forward.linear().orElseThrow().driftRate(0);
        yield NoiseAdaptedGrid.dds(theta, g * g / (2 * theta), horizon, steps, gridVariance);
      }
    };
  }

  /** The path-space losses (log-variance, path-KL) over this method's chains. */
  @Override
  public PathSupport trainingSupport(Components components) {
    return sampler(components);
  }

  @Override
  public java.util.Optional<INDArray> logWeightsOnTargetSamples(Components components, INDArray targetSamples,
      RandomSource random) {
    return java.util.Optional.of(Rows.vector(sampler(components).logWeightsOnReferencePaths(components.model(),
        targetSamples, random)));
  }

  @Override
  public long sampleSteps(Components components, int n) {
    long parts = (n + (long) chunk - 1) / chunk;
    return parts * components.integrator().grid(0, components.forward().horizon()).steps();
  }

  @Override
  public Sample sample(Components components, int n, RandomSource random, StepObserver observer) {
    PathSampler sampler = sampler(components);
    DriftModel model = components.model();
    FiniteWeightedSamples kept = new FiniteWeightedSamples();
    for (int start = 0, part = 0; start < n; start += chunk, part++) {
      int m = Math.min(chunk, n - start);
      PathSampler.Paths paths = sampler.simulate(model, m, random.split("part-" + part), false, observer);
      kept.add(paths.end(), paths.logWeights());
    }
    INDArray samples = kept.samples("paths");
    Map<String, Number> metrics = new HashMap<>();
    metrics.put("nonfinite_weights", kept.nonFinite());
    metrics.put("steps", sampler.chain().steps());
    return new Sample(samples, kept.logWeights(), sampler.evaluationsPerPath(), metrics);
  }
}

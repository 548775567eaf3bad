package io.driftkit.interpolants.method;

import io.driftkit.api.Components;
import io.driftkit.api.DriftModel;
import io.driftkit.api.Integrator;
import io.driftkit.api.Interpolant;
import io.driftkit.api.InterpolantSupport;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TrainingSupport;
import io.driftkit.api.config.ConfigException;
import io.driftkit.interpolants.field.FieldKind;
import io.driftkit.interpolants.field.FieldLayout;
import io.driftkit.interpolants.field.Fields;
import io.driftkit.interpolants.field.MixtureFields;
import io.driftkit.interpolants.field.ModelFields;
import io.driftkit.interpolants.field.Noise;
import io.driftkit.interpolants.field.OracleInterpolantModel;
import io.driftkit.interpolants.loss.QuadraticLoss;
import io.driftkit.toolkit.GaussianMixture;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic interpolants (Albergo, Boffi & Vanden-Eijnden) between two ends {@code rho0} and {@code rho1} (the
 * normal, targets or data files): the model learns the fields its loss names (velocity b, v, score s, denoiser eta;
 * see {@link ModelFields} for what follows from what), or is the exact {@code oracle-interpolant}. Generation runs
 * from rho0 to rho1 with the probability-flow ODE {@code dX = b dt} (eps = 0, an ODE integrator) or the forward SDE
 * {@code dX = (b + eps(t) s) dt + sqrt(2 eps(t)) dW} (eps > 0, an SDE integrator); {@code direction = backward} runs
 * the backward SDE {@code dX = (b - eps s) dt + sqrt(2 eps) dW} from rho1 down to rho0 instead. After sampling, the
 * log-likelihood of the generated law at held-out points ({@link Likelihood}) where the start has a density.
 */
public final class InterpolantMethod implements Method {

  /** How the likelihood is estimated. */
  public enum LikelihoodMode { AUTO, EXACT, HUTCHINSON, NONE }

  /** Sampling and likelihood options. */
  public record Options(boolean backward, double epsilon, EpsilonSchedule schedule, double tMin,
      LikelihoodMode likelihood, int likelihoodPoints, int probes, int paths) {

    /** The ODE from rho0 to rho1 with exact-divergence likelihoods on 500 points. */
    public static Options ode() {
      return new Options(false, 0, EpsilonSchedule.CONSTANT, 1e-3, LikelihoodMode.AUTO, 500, 1, 16);
    }

    public Options withEpsilon(double eps, EpsilonSchedule shape) {
      return new Options(backward, eps, shape, tMin, likelihood, likelihoodPoints, probes, paths);
    }

    public Options withBackward(boolean back) {
      return new Options(back, epsilon, schedule, tMin, likelihood, likelihoodPoints, probes, paths);
    }

    public Options withLikelihood(LikelihoodMode mode, int points, int paths) {
      return new Options(backward, epsilon, schedule, tMin, mode, points, probes, paths);
    }
  }

  /** Above this dimension {@code likelihood = auto} uses Hutchinson's estimator instead of 2 d evaluations. */
  static final int EXACT_DIVERGENCE_MAX_DIM = 10;

  private final Interpolant interpolant;
  private final End rho0;
  private final End rho1;
  private final Options options;
  private final OdeSdePair gap;
  /** The fields of the last model asked for (a method may see several models in tests and benchmarks). */
  private Fields fields;
  private DriftModel fieldsModel;

  public InterpolantMethod(Interpolant interpolant, End rho0, End rho1, Options options) {
    this(interpolant, rho0, rho1, options, OdeSdePair.NONE);
  }

  InterpolantMethod(Interpolant interpolant, End rho0, End rho1, Options options, OdeSdePair gap) {
    this.interpolant = interpolant;
    this.rho0 = rho0;
    this.rho1 = rho1;
    this.options = options;
    this.gap = gap;
  }

  public Interpolant interpolant() {
    return interpolant;
  }

  public Options options() {
    return options;
  }

  /** Whether x0 is N(0, I): a one-sided interpolant, or rho0 = normal. */
  private boolean gaussianX0() {
    return interpolant.base() == Interpolant.Base.GAUSSIAN
        || (interpolant.base() == Interpolant.Base.ANY && rho0.isStandardNormal());
  }

  private int dim() {
    return rho1.dim();
  }

  @Override
  public void validate(Components components) {
    components.requireModel("method 'interpolant'");
    Integrator integrator = components.requireIntegrator("method 'interpolant'");
    if (options.epsilon() > 0 && integrator.kind() != Integrator.Kind.SDE) {
      throw new ConfigException("method.epsilon = " + options.epsilon() + " runs an SDE, but the integrator is an ODE"
          + " integrator; choose an SDE integrator (key 'integrator': euler-maruyama, stochastic-heun) or set"
          + " method.epsilon = 0");
    }
    if (options.epsilon() == 0 && integrator.kind() != Integrator.Kind.ODE) {
      throw new ConfigException("method.epsilon = 0 is the probability-flow ODE, but the integrator is an SDE"
          + " integrator; choose an ODE integrator (key 'integrator': euler, heun, rk4, rk45) or set"
          + " method.epsilon > 0");
    }
    fields(components);
    // generation starts from samples of its start: refuse now rather than after training
    start().samples(options.backward() ? "method.rho1" : "method.rho0");
    if ((options.likelihood() == LikelihoodMode.EXACT || options.likelihood() == LikelihoodMode.HUTCHINSON)
        && !start().hasDensity()) {
      throw new ConfigException("method.likelihood = " + name(options.likelihood()) + " needs the normalised"
          + " density of the start, but " + start() + " has none; set method.likelihood = none or auto");
    }
    if (trainable(components) && components.loss() instanceof QuadraticLoss) {
      if (interpolant.base() == Interpolant.Base.ANY) {
        rho0.samples("method.rho0");
      }
      rho1.samples("method.rho1");
    }
  }

  /** The end generation starts from. */
  private End start() {
    return options.backward() ? rho1 : rho0;
  }

  /** The end generation produces. */
  private End generated() {
    return options.backward() ? rho0 : rho1;
  }

  /** The generation fields (rho0 to rho1), from the oracle or from the model and its loss's layout. */
  Fields fields(Components components) {
    DriftModel model = components.requireModel("method 'interpolant'");
    if (fields != null && fieldsModel == model) {
      return fields;
    }
    fieldsModel = model;
    if (model instanceof OracleInterpolantModel oracle) {
      End first = interpolant.base() == Interpolant.Base.MIRROR ? rho1 : rho0;
      GaussianMixture m0 = interpolant.base() == Interpolant.Base.GAUSSIAN ? MixtureFields.standardNormal(dim())
          : first.mixture().orElseThrow(() -> notMixture(first, "rho0"));
      GaussianMixture m1 = rho1.mixture().orElseThrow(() -> notMixture(rho1, "rho1"));
      oracle.bind(new MixtureFields(interpolant, m0, m1));
      fields = oracle.fields();
      return fields;
    }
    if (!(components.loss() instanceof QuadraticLoss loss)) {
      throw new ConfigException("method 'interpolant' reads its model's outputs as the fields its loss learns; use"
          + " loss velocity, score, denoiser or velocity-score (key 'loss'), or model = oracle-interpolant");
    }
    FieldLayout layout = loss.layout();
    if (model.dim() != layout.fields() * dim()) {
      throw new ConfigException("loss '" + loss + "' learns " + layout.fields() + " fields of dimension " + dim()
          + ", so the model needs dimension " + layout.fields() * dim() + ", but it has " + model.dim());
    }
    String missing = ModelFields.missing(layout, gaussianX0(), options.epsilon() > 0);
    if (missing != null) {
      throw new ConfigException("method 'interpolant' cannot generate with " + rho0 + " as rho0: " + missing);
    }
    checkNoise(layout);
    fields = new ModelFields(model, layout, interpolant, gaussianX0(), options.tMin(), dim());
    return fields;
  }

  /** The score objectives divide by sigma, and fields derived from a Gaussian x0 by b and by the SNR's growth. */
  private void checkNoise(FieldLayout layout) {
    boolean noiseField = layout.has(FieldKind.SCORE) || layout.has(FieldKind.DENOISER);
    boolean derivesVelocity = !layout.has(FieldKind.VELOCITY) && !layout.has(FieldKind.V);
    boolean derivesScore = !noiseField && options.epsilon() > 0;
    double lo = options.tMin();
    for (int k = 0; k <= 100; k++) {
      double t = lo + (1 - 2 * lo) * k / 100.0;
      if (noiseField && !(Noise.of(interpolant, t).sigma() > 0)) {
        throw new ConfigException("the score and denoiser objectives divide by the noise scale, but interpolant "
            + interpolant + " has none at t = " + t + " (gamma = 0 with a two-sided interpolant); choose"
            + " interpolant.gamma other than zero, a one-sided interpolant, or loss = velocity");
      }
      if ((derivesVelocity || derivesScore) && gaussianX0()) {
        double b = interpolant.b(t);
        double variance = Math.pow(interpolant.a(t), 2) + Math.pow(interpolant.gamma(t), 2);
        double spread = interpolant.a(t) * interpolant.aDot(t) + interpolant.gammaGammaDot(t);
        if (!(b > 0) || !(interpolant.bDot(t) / b * variance - spread > 0)) {
          throw new ConfigException("with a Gaussian x0 the " + (derivesVelocity ? "velocity" : "score")
              + " follows from the learnt field only where b(t) > 0 and b(t) / sqrt(a^2 + gamma^2) grows; interpolant "
              + interpolant + " fails that at t = " + t + "; learn both fields (loss velocity-score)");
        }
      }
    }
  }

  private static ConfigException notMixture(End end, String key) {
    return new ConfigException("model 'oracle-interpolant' needs Gaussian-mixture ends, but method." + key + " is "
        + end + "; choose a mixture target (gaussian, gmm-grid, gmm-25, blob, ...) or the normal");
  }

  @Override
  public TrainingSupport trainingSupport(Components components) {
    return new InterpolantSupport() {
      @Override
      public Interpolant interpolant() {
        return interpolant;
      }

      @Override
      public INDArray[] endpoints(int n, RandomSource random) {
        return switch (interpolant.base()) {
          case GAUSSIAN -> {
            INDArray x0 = random.normal(n, dim());
            yield new INDArray[] {x0, rho1.samples("method.rho1").batch(n, random)};
          }
          case MIRROR -> {
            INDArray x1 = rho1.samples("method.rho1").batch(n, random);
            yield new INDArray[] {x1, x1};
          }
          case ANY -> {
            INDArray x0 = rho0.samples("method.rho0").batch(n, random);
            yield new INDArray[] {x0, rho1.samples("method.rho1").batch(n, random)};
          }
        };
      }

      @Override
      public double tMin() {
        return options.tMin();
      }

      @Override
      public String toString() {
        return "InterpolantSupport";
      }
    };
  }

  /** Held-out rows or exact samples of the end being generated. */
  @Override
  public Optional<INDArray> referenceSamples(Components components, int n, RandomSource random) {
    return generated().reference(n, random);
  }

  /** eps in solver time u (u = t forwards, u = 1 - t backwards). */
  private DoubleUnaryOperator epsilon() {
    return u -> options.schedule().at(options.epsilon(), options.backward() ? 1 - u : u);
  }

  @Override
  public Sample sample(Components components, int n, RandomSource random, StepObserver observer) {
    Integrator integrator = components.requireIntegrator("method 'interpolant'");
    Fields forward = fields(components);
    Fields generation = options.backward() ? forward.reversed() : forward;
    INDArray x0 = start().samples(options.backward() ? "method.rho1" : "method.rho0").batch(n, random.split("start"));
    INDArray gapStarts = gap.n() > 0 ? x0.dup() : null;
    Integrator.IntegrationResult result = integrator.integrate(new FieldDynamics(generation, epsilon(), 1), x0,
        integrator.grid(0, 1), random.split("integrator"), observer);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("integrator_steps", (double) result.steps());
    metrics.put("epsilon", options.epsilon());
    metrics.put("backward", options.backward() ? 1.0 : 0.0);
    likelihood(generation, integrator, random.split("likelihood")).forEach(metrics::put);
    Method.SamplerPair pair = gapStarts == null ? null
        : gap.draw(generation, epsilon(), options.epsilon() > 0, gapStarts, random.split("gap"));
    if (pair != null) {
      metrics.put("gap_n", (double) pair.sde().size(0));
      metrics.put("gap_steps", (double) gap.steps());
    }
    return new Sample(result.state(), null, result.functionEvaluations(), metrics, pair);
  }

  /** The likelihood metrics, or none where the start has no density or there is nothing to evaluate. */
  Map<String, Double> likelihood(Fields generation, Integrator integrator, RandomSource random) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (options.likelihood() == LikelihoodMode.NONE || !start().hasDensity()) {
      return m;
    }
    Optional<INDArray> reference = generated().reference(options.likelihoodPoints(), random.split("points"));
    if (reference.isEmpty()) {
      return m;
    }
    INDArray points = reference.get();
    int probes = switch (options.likelihood()) {
      case EXACT -> 0;
      case HUTCHINSON -> options.probes();
      default -> dim() <= EXACT_DIVERGENCE_MAX_DIM ? 0 : options.probes();
    };
    long t0 = System.nanoTime();
    Likelihood.Estimate e = estimate(generation, points, integrator, probes, random);
    m.put("log_likelihood", mean(e.logLikelihood()));
    m.put("log_likelihood_se", standardError(e.logLikelihood()));
    if (e.bound() != null) {
      m.put("log_likelihood_bound", mean(e.bound()));
    }
    if (generated().hasDensity()) {
      double truth = mean(generated().logDensity(points));
      m.put("log_likelihood_true", truth);
      m.put("kl_estimate", truth - mean(e.logLikelihood()));
    }
    m.put("likelihood_points", (double) points.size(0));
    m.put("likelihood_nfe", (double) e.functionEvaluations());
    m.put("likelihood_seconds", (System.nanoTime() - t0) / 1e9);
    return m;
  }

  /** Per-point log-likelihoods of the generated law ({@code points} from the generated end). */
  Likelihood.Estimate estimate(Fields generation, INDArray points, Integrator integrator, int probes,
      RandomSource random) {
    Fields back = generation.reversed();
    if (options.epsilon() == 0) {
      return Likelihood.ode(back, start(), points, integrator, probes, random);
    }
    DoubleUnaryOperator generationEps = epsilon();
    return Likelihood.sde(back, u -> generationEps.applyAsDouble(1 - u), start(), points, integrator,
        options.paths(), probes, random);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double standardError(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return v.length > 1 ? Math.sqrt(ss / (v.length - 1) / v.length) : Double.NaN;
  }

  static String name(Enum<?> e) {
    return io.driftkit.api.config.Setting.name(e);
  }

  @Override
  public String toString() {
    return "interpolant" + Map.of("rho0", rho0.describe(), "rho1", rho1.describe(), "options", options);
  }

  /** Per-point log-likelihoods of the generated law at points of the generated end (tests, benchmarks). */
  public double[] logLikelihood(Components components, INDArray points, RandomSource random) {
    return likelihoodEstimate(components, points, random).logLikelihood();
  }

  /** Per-point estimates, with the Jensen bound for SDE runs, for tests and benchmarks. */
  public Likelihood.Estimate likelihoodEstimate(Components components, INDArray points, RandomSource random) {
    Fields forward = fields(components);
    Fields generation = options.backward() ? forward.reversed() : forward;
    int probes = options.likelihood() == LikelihoodMode.HUTCHINSON ? options.probes() : 0;
    return estimate(generation, points, components.requireIntegrator("method 'interpolant'"), probes, random);
  }
}

package io.driftkit.sde;

import io.driftkit.api.Components;
import io.driftkit.api.DenoisingSupport;
import io.driftkit.toolkit.data.CsvDataSource;
import io.driftkit.api.DataSource;
import io.driftkit.api.DriftModel;
import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.Method;
import io.driftkit.api.Prediction;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Role;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.TrainingSupport;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.MethodFactory;
import io.driftkit.toolkit.diffusion.Predictions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Score-based generative modelling (Song et al. 2021): the model predicts the score s(x, t) of the forward process's
 * marginals (or, with {@code prediction}, the noise, the data or the velocity, converted to the score through
 * {@link Predictions}), learnt by denoising score matching from samples; sampling starts from the prior at T and runs
 * the reverse SDE (with an SDE integrator), the probability-flow ODE (with an ODE integrator) or a noise-schedule
 * sampler (ddim, edm, dpm-solver, rd) down to t-min. With an ODE integrator it can also report the model's
 * log-likelihood of reference points (instantaneous change of variables) and their encode–decode reconstruction error.
 */
public final class ScoreSdeMethod implements Method {

  private final Path dataFile;
  private final double tMin;
  private final OdeSdeGap gap;
  private final Prediction prediction;
  private final FlowMetrics flowMetrics;
  /** Training rows and held-out rows of the data file, read once. */
  private CsvDataSource[] fileData;

  /** The share of a data file's rows (its last rows) kept out of training for the metrics. */
  static final double HELD_OUT = 0.1;

  public ScoreSdeMethod(Path dataFile, double tMin) {
    this(dataFile, tMin, Prediction.SCORE, FlowMetrics.NONE, OdeSdeGap.NONE);
  }

  public ScoreSdeMethod(Path dataFile, double tMin, Prediction prediction, FlowMetrics flowMetrics) {
    this(dataFile, tMin, prediction, flowMetrics, OdeSdeGap.NONE);
  }

  public ScoreSdeMethod(Path dataFile, double tMin, Prediction prediction, FlowMetrics flowMetrics, OdeSdeGap gap) {
    this.dataFile = dataFile;
    this.tMin = tMin;
    this.prediction = prediction;
    this.flowMetrics = flowMetrics;
    this.gap = gap;
  }

  /** The score the model gives under this method's parametrisation. */
  ForwardProcess.ScoreFunction score(Components components) {
    ForwardProcess forward = components.requireForward("method 'score-sde'");
    DriftModel model = components.requireModel("method 'score-sde'");
    return Predictions.score(ForwardProcess.ScoreFunction.of(model), prediction, forward);
  }

  @Override
  public void validate(Components components) {
    ForwardProcess forward = components.requireForward("method 'score-sde'");
    components.requireModel("method 'score-sde'");
    components.requireIntegrator("method 'score-sde'");
    if (!(tMin < forward.horizon())) {
      throw new ConfigException("invalid value '" + tMin + "' for key 'method.t-min': must be below the forward"
          + " horizon " + forward.horizon());
    }
    if (trainable(components) && samples(components).isEmpty()) {
      throw new ConfigException("method 'score-sde' trains from samples: set method.data-file, or choose a target"
          + " with an exact sampler (target has none)");
    }
    gap.validate(components);
    components.requireModel("method 'score-sde'").fixedPrediction().filter(fixed -> fixed != prediction)
        .ifPresent(fixed -> {
          throw new ConfigException("invalid value '" + Predictions.name(prediction) + "' for key 'method.prediction':"
              + " the model gives the " + Predictions.name(fixed) + " by construction; set method.prediction = "
              + Predictions.name(fixed));
        });
    ForwardProcess.ScoreFunction score;
    try {
      score = score(components);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid value '" + Predictions.name(prediction) + "' for key 'method.prediction': "
          + e.getMessage(), e);
    }
    Integrator integrator = components.integrator();
    int d = components.target().dim();
    integrator.validate(forward.reverse(score, d, integrator.kind() == Integrator.Kind.SDE));
    flowMetrics.validate(this, components, score);
  }

  /** Learns from samples (the data file's training rows, or the target's exact sampler), in its parametrisation. */
  @Override
  public TrainingSupport trainingSupport(Components components) {
    DataSource data = samples(components).orElse(null);
    if (data == null) {
      return TrainingSupport.NONE;
    }
    return new DenoisingSupport() {
      @Override
      public DataSource data() {
        return data;
      }

      @Override
      public Prediction prediction() {
        return prediction;
      }
    };
  }

  private Optional<DataSource> samples(Components components) {
    Target target = components.target();
    if (dataFile != null) {
      return Optional.of(fileData(target)[0]);
    }
    if (target.hasExactSampler()) {
      return Optional.of(new DataSource() {
        @Override
        public int dim() {
          return target.dim();
        }

        @Override
        public INDArray batch(int n, RandomSource random) {
          return target.sample(n, random);
        }
      });
    }
    return Optional.empty();
  }

  private CsvDataSource[] fileData(Target target) {
    if (fileData == null) {
      fileData = CsvDataSource.read(dataFile, target.dim(), "method.data-file").split(HELD_OUT);
    }
    return fileData;
  }

  /** With a data file: its held-out rows (the last 10 %), so MMD and Sinkhorn measure generalisation. */
  @Override
  public Optional<INDArray> referenceSamples(Components components, int n, RandomSource random) {
    if (dataFile == null) {
      return Method.super.referenceSamples(components, n, random);
    }
    INDArray held = fileData(components.target())[1].all();
    return Optional.of(held.size(0) <= n ? held : held.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup());
  }

  /**
   * The solver-time grid {@code s_k = T - t_{K-k}} from the integrator's forward-time grid on [t-min, T]: spacings
   * that are dense at small t (karras, quadratic) stay dense near the data end.
   */
  TimeGrid solverGrid(Integrator integrator, double horizon) {
    double[] t = integrator.grid(tMin, horizon).times();
    double[] s = new double[t.length];
    for (int k = 0; k < t.length; k++) {
      s[k] = horizon - t[t.length - 1 - k];
    }
    s[0] = 0;
    return TimeGrid.of(s);
  }

  @Override
  public Sample sample(Components components, int n, RandomSource random, StepObserver observer) {
    ForwardProcess forward = components.requireForward("method 'score-sde'");
    Integrator integrator = components.requireIntegrator("method 'score-sde'");
    int d = components.target().dim();
    INDArray start = forward.prior(d).sample(n, random.split("prior"));
    boolean stochastic = integrator.kind() == Integrator.Kind.SDE;
    ForwardProcess.ScoreFunction score = score(components);
    Dynamics dynamics = forward.reverse(score, d, stochastic);
    TimeGrid grid = solverGrid(integrator, forward.horizon());
    Integrator.IntegrationResult result = integrator.integrate(dynamics, start, grid, random.split("integrator"),
        observer);
    Map<String, Number> metrics = new LinkedHashMap<>(Map.of("integrator_steps", result.steps(), "t_min", tMin,
        "probability_flow", stochastic ? 0 : 1));
    metrics.putAll(flowMetrics.evaluate(this, components, score, random));
    // the Fokker-Planck residual differentiates the model's own output, which is the score only under 'score'
    DriftModel model = components.requireModel("method 'score-sde'");
    OdeSdeGap.Report report = gap.evaluate(this, forward, start, score, model::evaluate,
        prediction == Prediction.SCORE ? samples(components) : Optional.empty(), random.split("gap"));
    metrics.putAll(report.metrics());
    return new Sample(result.state(), null, result.functionEvaluations(), metrics, report.pair());
  }

  double tMin() {
    return tMin;
  }

  static final Setting<Optional<Path>> DATA_FILE = Setting.path("data-file",
      "CSV of training samples (header x0,x1,...); relative to the config file; empty: the target's exact sampler");
  static final Setting<Double> T_MIN = Setting.real("t-min", 1e-3,
      "sampling stops at this diffusion time (sigma(t-min) > 0 keeps the score finite)").greaterThan(0);
  static final Setting<Prediction> PREDICTION = Setting.choice("prediction", Prediction.SCORE,
      "what the model predicts: score, eps (the noise), x0 (the data) or v (alpha eps - sigma x0); all but score"
          + " need a linear forward process");

  /** {@code score-sde}. */
  public static final class Factory implements MethodFactory {
    @Override
    public String description() {
      return "score-based diffusion: denoising score matching, reverse-SDE or probability-flow ODE sampling";
    }

    @Override
    public Set<Role> roles() {
      return Set.of(Role.FORWARD, Role.MODEL, Role.LOSS, Role.INTEGRATOR);
    }

    @Override
    public Map<Role, String> defaults() {
      return Map.of(Role.FORWARD, "vp", Role.MODEL, "mlp", Role.LOSS, "dsm", Role.INTEGRATOR, "euler-maruyama");
    }

    @Override
    public List<Setting<?>> settings() {
      List<Setting<?>> all = new java.util.ArrayList<>(List.of(DATA_FILE, T_MIN, PREDICTION));
      all.addAll(FlowMetrics.SETTINGS);
      all.addAll(OdeSdeGap.SETTINGS);
      return all;
    }

    @Override
    public ScoreSdeMethod create(Settings s, ComponentContext context) {
      Path data = s.get(DATA_FILE).orElse(null);
      if (data != null) {
        context.readsData(data);
      }
      return new ScoreSdeMethod(data, s.get(T_MIN), s.get(PREDICTION), FlowMetrics.from(s), OdeSdeGap.from(s));
    }
  }
}

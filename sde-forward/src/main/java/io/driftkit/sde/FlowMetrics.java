package io.driftkit.sde;

import io.driftkit.api.Components;
import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.flow.Divergence;
import io.driftkit.toolkit.flow.ProbabilityFlow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the probability-flow ODE of a score-sde model says about reference points (exact target samples or held-out
 * data): their log-likelihood under the model, {@code log p_{t-min}(x) = log prior(x_T) + int div b dt} along the
 * encoding flow (exact divergence up to {@code exact-divergence-max-dim}, Hutchinson's estimate above), in nats and
 * bits per dimension with the standard error over the points; and the encode–decode reconstruction error (ODE
 * inversion to the prior end and back). Both are solved by the run's integrator, which must be an ODE integrator for
 * generic dynamics.
 */
public record FlowMetrics(int likelihoodN, DivergenceKind divergence, int exactMaxDim, int probes, int reconstructionN) {

  /** How the divergence is taken. */
  public enum DivergenceKind { AUTO, EXACT, HUTCHINSON }

  /** Neither metric. */
  public static final FlowMetrics NONE = new FlowMetrics(0, DivergenceKind.AUTO, 8, 1, 0);

  static final Setting<Integer> LIKELIHOOD_N = Setting.integer("likelihood-n", 0,
      "reference points whose log-likelihood under the probability-flow ODE is reported (0: off)").atLeast(0);
  static final Setting<DivergenceKind> DIVERGENCE = Setting.choice("divergence", DivergenceKind.AUTO,
      "divergence in the likelihood: exact (2d field evaluations), hutchinson, or auto (exact up to"
          + " exact-divergence-max-dim)");
  static final Setting<Integer> EXACT_MAX_DIM = Setting.integer("exact-divergence-max-dim", 8,
      "with divergence = auto, the largest dimension whose divergence is taken exactly").atLeast(1);
  static final Setting<Integer> PROBES = Setting.integer("hutchinson-probes", 1,
      "Rademacher probes per point for Hutchinson's estimate, fixed over the solve").atLeast(1);
  static final Setting<Integer> RECONSTRUCTION_N = Setting.integer("reconstruction-n", 0,
      "reference points encoded to the prior end and decoded back, for the reconstruction error (0: off)").atLeast(0);
  static final List<Setting<?>> SETTINGS = List.of(LIKELIHOOD_N, DIVERGENCE, EXACT_MAX_DIM, PROBES, RECONSTRUCTION_N);

  static FlowMetrics from(Settings s) {
    return new FlowMetrics(s.get(LIKELIHOOD_N), s.get(DIVERGENCE), s.get(EXACT_MAX_DIM), s.get(PROBES),
        s.get(RECONSTRUCTION_N));
  }

  boolean active() {
    return likelihoodN > 0 || reconstructionN > 0;
  }

  boolean exact(int dim) {
    return divergence == DivergenceKind.EXACT || (divergence == DivergenceKind.AUTO && dim <= exactMaxDim);
  }

  void validate(ScoreSdeMethod method, Components components, ForwardProcess.ScoreFunction score) {
    if (!active()) {
      return;
    }
    String key = likelihoodN > 0 ? "method.likelihood-n" : "method.reconstruction-n";
    Integrator integrator = components.integrator();
    int d = components.target().dim();
    String accepted = "set key 'integrator' to an ODE integrator for generic dynamics (euler, heun, rk4, rk45)";
    if (integrator.kind() != Integrator.Kind.ODE) {
      throw new ConfigException(key + " > 0 solves the probability-flow ODE with the run's integrator, which is an SDE"
          + " integrator; " + accepted);
    }
    try {
      integrator.validate(ProbabilityFlow.encoder(components.forward(), score, d));
    } catch (ConfigException e) {
      throw new ConfigException(key + " > 0 solves the probability-flow ODE as generic dynamics, which the run's"
          + " integrator cannot (" + e.getMessage() + "); " + accepted, e);
    }
    if (method.referenceSamples(components, 1, new RandomSource(0)).isEmpty()) {
      throw new ConfigException(key + " > 0 needs reference points: set method.data-file or choose a target with an"
          + " exact sampler");
    }
  }

  Map<String, Number> evaluate(ScoreSdeMethod method, Components components, ForwardProcess.ScoreFunction score,
      RandomSource random) {
    Map<String, Number> out = new LinkedHashMap<>();
    if (!active()) {
      return out;
    }
    ForwardProcess forward = components.forward();
    Integrator integrator = components.integrator();
    int d = components.target().dim();
    Dynamics encoder = ProbabilityFlow.encoder(forward, score, d);
    TimeGrid encodeGrid = integrator.grid(method.tMin(), forward.horizon());
    if (likelihoodN > 0) {
      INDArray x = method.referenceSamples(components, likelihoodN, random.split("likelihood-points")).orElseThrow();
      double[][] probes = exact(d) ? null : Divergence.rademacher(probes(), x.length(),
          random.split("likelihood-probes"));
      ProbabilityFlow.LogLikelihood ll = ProbabilityFlow.logLikelihood(integrator, encoder, x, encodeGrid,
          forward.prior(d)::logDensity, probes);
      out.put("log_likelihood", ll.mean());
      out.put("log_likelihood_se", ll.standardError());
      out.put("bits_per_dim", ll.bitsPerDim());
      out.put("likelihood_exact_divergence", probes == null ? 1 : 0);
      out.put("likelihood_field_evaluations", ll.fieldEvaluations());
    }
    if (reconstructionN > 0) {
      INDArray x = method.referenceSamples(components, reconstructionN, random.split("reconstruction-points"))
          .orElseThrow();
      Integrator.IntegrationResult encoded = integrator.integrate(encoder, x, encodeGrid, random.split("encode"),
          StepObserver.NONE);
      Integrator.IntegrationResult decoded = integrator.integrate(forward.reverse(score, d, false), encoded.state(),
          method.solverGrid(integrator, forward.horizon()), random.split("decode"), StepObserver.NONE);
      double[] a = Rows.values(x);
      double[] b = Rows.values(decoded.state());
      double sum = 0;
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        double e = Math.abs(a[i] - b[i]);
        sum += e * e;
        max = Math.max(max, e);
      }
      out.put("reconstruction_rmse", Math.sqrt(sum / a.length));
      out.put("reconstruction_max_error", max);
      out.put("encode_nfe", encoded.functionEvaluations());
    }
    return out;
  }
}

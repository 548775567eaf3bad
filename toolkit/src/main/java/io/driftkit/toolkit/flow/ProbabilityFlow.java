package io.driftkit.toolkit.flow;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.ForwardProcess.ScoreFunction;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.Rows;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The probability-flow ODE of a noising process run forwards in the process's own time, {@code dx/dt = f(x, t) -
 * g(t)^2 s(x, t) / 2}: it carries the law p_t onto p_t' for t < t', so it encodes data towards the prior end (ODE
 * inversion), and with the instantaneous change of variables ({@link LogDensityFlow}) it gives the model's likelihood.
 */
public final class ProbabilityFlow {

  private ProbabilityFlow() {}

  /** The encoding dynamics: time is the process's time and runs from the data end towards the horizon. */
  public static Dynamics encoder(ForwardProcess forward, ScoreFunction score, int dim) {
    return new Dynamics() {
      @Override
      public int dim() {
        return dim;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        double g = forward.diffusion(t);
        INDArray b = score.score(x, t).muli(-0.5 * g * g);
        return b.addi(forward.drift(x, t));
      }

      @Override
      public double diffusion(double t) {
        return 0;
      }
    };
  }

  /**
   * The log density of each row of x under the law whose far end is {@code terminal}: {@code log p(x) = log
   * terminal(x_T) + int div b dt} along the encoding flow from the grid's start to its end.
   *
   * @param integrator an ODE integrator for generic dynamics
   * @param grid in the process's time, from the data end to the far end
   * @param terminal the log density of each row at the far end (the prior, or an exact p_T)
   * @param probes Hutchinson probes for the whole solve (row-major over the batch), or null for the exact divergence
   */
  public static LogLikelihood logLikelihood(Integrator integrator, Dynamics encoder, INDArray x, TimeGrid grid,
      UnaryOperator<INDArray> terminal, double[][] probes) {
    int d = encoder.dim();
    LogDensityFlow flow = new LogDensityFlow(encoder::drift, d, Divergence.DEFAULT_STEP, probes);
    Integrator.IntegrationResult r = integrator.integrate(flow, LogDensityFlow.augment(x), grid,
        new RandomSource(0), StepObserver.NONE);
    double[] divergence = LogDensityFlow.integratedDivergence(r.state());
    double[] end = Rows.values(terminal.apply(LogDensityFlow.state(r.state())));
    double[] logp = new double[divergence.length];
    for (int i = 0; i < logp.length; i++) {
      logp[i] = end[i] + divergence[i];
    }
    long perCall = probes == null ? 2L * d + 1 : 2L * probes.length + 1;
    return new LogLikelihood(logp, d, r.functionEvaluations() * perCall);
  }

  /**
   * Log densities of a batch under a flow model.
   *
   * @param logDensity per row, in nats
   * @param dim the dimension, for bits per dimension
   * @param fieldEvaluations evaluations of the vector field (the divergence costs 2d, or 2 per probe, per step)
   */
  public record LogLikelihood(double[] logDensity, int dim, long fieldEvaluations) {

    /** The mean log density in nats. */
    public double mean() {
      double s = 0;
      for (double v : logDensity) {
        s += v;
      }
      return s / logDensity.length;
    }

    /** The standard error of {@link #mean()} over the rows (Hutchinson's noise included, as it is per row). */
    public double standardError() {
      int n = logDensity.length;
      if (n < 2) {
        return Double.NaN;
      }
      double m = mean();
      double ss = 0;
      for (double v : logDensity) {
        ss += (v - m) * (v - m);
      }
      return Math.sqrt(ss / (n - 1) / n);
    }

    /** The negative log-likelihood in bits per dimension, {@code -mean / (d ln 2)}. */
    public double bitsPerDim() {
      return -mean() / (dim * Math.log(2));
    }
  }
}

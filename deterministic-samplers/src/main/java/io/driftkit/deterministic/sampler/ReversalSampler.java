package io.driftkit.deterministic.sampler;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ObservedStep;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The common frame of the samplers that step the reversal of a noising process from its score rather than
 * integrating a drift (DDIM, EDM, DPM-Solver++, restoration–degradation): they need {@link Dynamics#reversal()},
 * choose their own step times from the noise schedule (only the grid's end points are used) and count one model
 * evaluation (NFE) per score. A model output that is not finite stops the run naming the step.
 */
public abstract class ReversalSampler implements Integrator {

  /** Every sampler that can run a forward process without closed-form marginals. */
  static final String NON_LINEAR_SAMPLERS = "rd, euler, heun, rk4, rk45, euler-maruyama, stochastic-heun";

  private final String name;
  private final int steps;

  protected ReversalSampler(String name, int steps, int minimumSteps) {
    if (steps < minimumSteps) {
      throw new ConfigException("invalid value '" + steps + "' for key 'integrator.steps': integrator '" + name
          + "' needs at least " + minimumSteps + " steps");
    }
    this.name = name;
    this.steps = steps;
  }

  public String name() {
    return name;
  }

  public int steps() {
    return steps;
  }

  /** Whether this sampler needs the closed-form marginals of a linear process. */
  protected abstract boolean needsLinearProcess();

  /** A grid with this sampler's step count; only its end points are used, the steps follow the noise schedule. */
  @Override
  public TimeGrid grid(double start, double end) {
    return TimeGrid.uniform(start, end, steps);
  }

  @Override
  public void validate(Dynamics dynamics) {
    ForwardProcess forward = reversal(dynamics).forward();
    if (needsLinearProcess() && forward.linear().isEmpty()) {
      throw new ConfigException("integrator '" + name + "' steps through the closed-form marginals X_t = alpha X_0"
          + " + sigma Z of a linear forward process (key 'forward': vp, sub-vp, ve, ou, scaled-bm), which this"
          + " forward process does not have; integrators that accept it: " + NON_LINEAR_SAMPLERS);
    }
  }

  /** The reversal the dynamics carry, or a configuration error naming this sampler. */
  protected Dynamics.Reversal reversal(Dynamics dynamics) {
    return dynamics.reversal().orElseThrow(() -> new ConfigException("integrator '" + name + "' samples the time"
        + " reversal of a noising process from its score (method 'score-sde'); these dynamics are not one, so use"
        + " an ODE integrator for generic dynamics (euler, heun, rk4, rk45)"));
  }

  /**
   * Runs on row arrays: the score through its row-array call, the updates in Java, no native array per step;
   * observers see each step in reused arrays.
   */
  @Override
  public final IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer) {
    validate(dynamics);
    Dynamics.Reversal reversal = reversal(dynamics);
    int n = Math.toIntExact(x0.size(0));
    int d = Math.toIntExact(x0.size(1));
    Run run = new Run(reversal, observer, n, d);
    double[] end = sample(run, Rows.values(x0), reversal.forwardTime(grid.start()),
        reversal.forwardTime(grid.end()), random);
    return new IntegrationResult(Rows.matrix(end, n, d), run.evaluations, run.reported);
  }

  /**
   * Runs the reverse pass from the far end to the data end.
   *
   * @param x the state at {@code start}, row-major (a copy this method may overwrite)
   * @param start the process's time at which x is given (the horizon, for a full pass)
   * @param end the process's time to stop at (t-min)
   * @return the state at the end
   */
  protected abstract double[] sample(Run run, double[] x, double start, double end, RandomSource random);

  /** One reverse pass: counts score evaluations, checks them and reports steps in solver time. */
  protected final class Run {
    private final Dynamics.Reversal reversal;
    private final StepObserver observer;
    private final int n;
    private final int d;
    private final ObservedStep observed;
    private double[] velocity;
    private long evaluations;
    private int reported;

    Run(Dynamics.Reversal reversal, StepObserver observer, int n, int d) {
      this.reversal = reversal;
      this.observer = observer;
      this.n = n;
      this.d = d;
      this.observed = observer == StepObserver.NONE ? null : new ObservedStep(n, d);
    }

    public ForwardProcess forward() {
      return reversal.forward();
    }

    /** Rows in the pass. */
    public int rows() {
      return n;
    }

    /** Their dimension. */
    public int dim() {
      return d;
    }

    /** The score at (x, t) into {@code out}: one model evaluation, which must be finite. */
    public void score(double[] x, double t, double[] out) {
      reversal.score().score(x, n, d, t, out);
      evaluations++;
      for (int i = 0; i < out.length; i++) {
        if (!Double.isFinite(out[i])) {
          throw new IllegalStateException("integrator '" + name + "': the model's output is not finite at step "
              + reported + " (t = " + t + "): " + out[i] + " at sample " + (i / d) + ", coordinate " + (i % d));
        }
      }
    }

    /**
     * Tells the observer of a step of the process's time from t to tNext (solver time runs the other way); what the
     * observer writes into {@code next} is kept. The drift reported is the mean velocity {@code (mean - x) / dt} in
     * solver time; with noise, {@code next = mean + diffusion sqrt(dt) noise}.
     */
    public void step(double t, double tNext, double[] x, double[] next, double[] mean, double[] noise,
        double noiseScale) {
      int k = reported++;
      if (observed == null) {
        return;
      }
      double dt = t - tNext;
      if (velocity == null) {
        velocity = new double[x.length];
      }
      for (int i = 0; i < x.length; i++) {
        velocity[i] = (mean[i] - x[i]) / dt;
      }
      observed.show(observer, k, reversal.forwardTime(t), dt, noise == null ? 0 : noiseScale / Math.sqrt(dt), x,
          next, velocity, noise);
    }
  }

  @Override
  public String toString() {
    return name + "[" + steps + " steps]";
  }
}

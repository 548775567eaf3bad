package io.driftkit.deterministic.sampler;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ArrayOps;
import java.util.function.DoubleUnaryOperator;

/**
 * The restoration–degradation sampler ({@code rd}) of Chen, Daras and Dimakis (2023) for a forward process with
 * additive noise, {@code dX = f(X, t) dt + g(t) dW}, linear or not. A step from t down to t' first restores: the score
 * gives the noise that points from the data back to the current iterate, {@code eps = -nu(t) s(x, t)}, and a
 * gradient-ascent step on the log-likelihood moves x towards the data along it; then it degrades: the forward process
 * runs from the restored point to t' driven by that same noise, {@code dX/du = f(X, u) + g(u)^2 / (2 nu(u)) eps}.
 * Restoring to the data end and degrading to t' composes to this flow integrated from t back to t', which is what is
 * solved. nu is the noise scale: the standard deviation of the process linearised at the origin
 * ({@link LinearisedNoise}), which for a linear process is its own sigma(t); there the flow is exact in closed form,
 * {@code x' = alpha' (x - sigma eps) / alpha + sigma' eps} (restore x0 = (x - sigma eps) / alpha by Tweedie, degrade
 * alpha' x0 + sigma' eps): DDIM with eta = 0. Without closed-form marginals the degradation flow is integrated with
 * {@code substeps} RK4 steps in sqrt(t) (evaluations of f, not the model).
 * Freezing the noise over a step is consistent with the probability-flow ODE (as the step shrinks the update tends to
 * {@code f - g^2 s / 2}); one NFE per step.
 */
public final class RestorationDegradation extends ReversalSampler {

  private final StepSchedule schedule;
  private final int substeps;
  private final boolean closedForm;

  public RestorationDegradation(int steps, StepSchedule schedule, int substeps) {
    this(steps, schedule, substeps, true);
  }

  /**
   * @param closedForm false integrates the degradation flow numerically even for a linear process (with nu = sigma),
   *     to check the flow against its closed form
   */
  public RestorationDegradation(int steps, StepSchedule schedule, int substeps, boolean closedForm) {
    super("rd", steps, 1);
    if (substeps < 1) {
      throw new IllegalArgumentException("integrator.substeps must be >= 1, got " + substeps);
    }
    this.schedule = schedule;
    this.substeps = substeps;
    this.closedForm = closedForm;
  }

  @Override
  protected boolean needsLinearProcess() {
    return false;
  }

  @Override
  public Kind kind() {
    return Kind.ODE;
  }

  @Override
  public void validate(Dynamics dynamics) {
    super.validate(dynamics);
    ForwardProcess forward = reversal(dynamics).forward();
    if (!schedule.accepts(forward)) {
      throw new ConfigException("invalid value 'log-snr' for key 'integrator.schedule': the log signal-to-noise ratio"
          + " needs a linear forward process; use time or quadratic");
    }
  }

  @Override
  protected double[] sample(Run run, double[] x, double start, double end, RandomSource random) {
    ForwardProcess forward = run.forward();
    NoiseSchedule ns = forward.linear().isPresent() ? new NoiseSchedule(forward) : null;
    Scale scale = ns != null ? new Scale(ns::sigma, u -> forward.linear().orElseThrow().driftRate(u))
        : linearised(forward, run.dim());
    double[] t = schedule.times(forward, start, end, steps());
    double[] eps = new double[x.length];
    double[] next = new double[x.length];
    for (int k = 0; k < steps(); k++) {
      run.score(x, t[k], eps);
      double minusNu = -scale.nu().applyAsDouble(t[k]);
      for (int i = 0; i < eps.length; i++) {
        eps[i] *= minusNu;
      }
      if (ns != null && closedForm) {
        double sigma = ns.sigma(t[k]);
        double ratio = ns.alpha(t[k + 1]) / ns.alpha(t[k]);
        double sigmaNext = ns.sigma(t[k + 1]);
        for (int i = 0; i < x.length; i++) {
          next[i] = (x[i] + -sigma * eps[i]) * ratio + sigmaNext * eps[i];
        }
      } else {
        degrade(forward, scale, x, eps, t[k], t[k + 1], run.rows(), run.dim(), next);
      }
      run.step(t[k], t[k + 1], x, next, next, null, 0);
      double[] swap = x;
      x = next;
      next = swap;
    }
    return x;
  }

  /**
   * The degradation flow {@code dX/du = f(X, u) + c(u) eps}, c = g^2 / (2 nu), from u = t down to tNext, into
   * {@code out}. Its forcing grows like 1/sqrt(u) near the data end (nu ~ sqrt(u)), which RK4 resolves badly; so the
   * noise part is taken out, {@code X = Y + nu(u) eps} with {@code dY/du = f(Y + nu eps, u) + (c - nu') eps}, where
   * {@code c - nu' = lambda nu} by nu's own equation, and Y is integrated by RK4 in {@code v = sqrt(u)}, where
   * {@code nu(v^2)} is smooth.
   */
  private void degrade(ForwardProcess forward, Scale scale, double[] x, double[] e, double t, double tNext, long n,
      long d, double[] out) {
    double[] y = out;
    System.arraycopy(x, 0, y, 0, x.length);
    ArrayOps.axpy(-scale.nu().applyAsDouble(t), e, y);
    double v0 = Math.sqrt(t);
    double h = (Math.sqrt(tNext) - v0) / substeps;
    double[] stage = new double[y.length];
    for (int j = 0; j < substeps; j++) {
      double v = v0 + j * h;
      double[] k1 = flow(forward, scale, y, e, v, n, d);
      combine(y, 0.5 * h, k1, stage);
      double[] k2 = flow(forward, scale, stage, e, v + 0.5 * h, n, d);
      combine(y, 0.5 * h, k2, stage);
      double[] k3 = flow(forward, scale, stage, e, v + 0.5 * h, n, d);
      combine(y, h, k3, stage);
      double[] k4 = flow(forward, scale, stage, e, v + h, n, d);
      for (int i = 0; i < y.length; i++) {
        y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
    }
    ArrayOps.axpy(scale.nu().applyAsDouble(tNext), e, y);
  }

  private static void combine(double[] y, double a, double[] k, double[] out) {
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i] + a * k[i];
    }
  }

  /** {@code dY/dv = 2 v [f(Y + nu eps, u) + lambda nu eps]} at u = v^2. */
  private double[] flow(ForwardProcess forward, Scale scale, double[] y, double[] eps, double v, long n, long d) {
    double u = v * v;
    double nu = scale.nu().applyAsDouble(u);
    double[] state = y.clone();
    ArrayOps.axpy(nu, eps, state);
    double[] rate = Rows.values(forward.drift(Rows.matrix(state, n, d), u));
    double extra = scale.lambda().applyAsDouble(u) * nu;
    for (int i = 0; i < rate.length; i++) {
      rate[i] = 2 * v * (rate[i] + extra * eps[i]);
    }
    return rate;
  }

  /** nu(u) and the linear rate lambda(u) it was made with. */
  record Scale(DoubleUnaryOperator nu, DoubleUnaryOperator lambda) {}

  /** The linearised noise of the last process sampled (tabulating it costs 2049 evaluations of the drift). */
  private ForwardProcess cachedFor;
  private int cachedDim;
  private Scale cached;

  private synchronized Scale linearised(ForwardProcess forward, int dim) {
    if (cachedFor != forward || cachedDim != dim) {
      LinearisedNoise noise = new LinearisedNoise(forward, dim);
      cached = new Scale(noise::nu, noise::lambda);
      cachedFor = forward;
      cachedDim = dim;
    }
    return cached;
  }
}

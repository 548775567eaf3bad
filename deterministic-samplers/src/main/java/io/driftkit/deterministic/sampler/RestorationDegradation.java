package io.driftkit.deterministic.sampler;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ArrayOps;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The restoration–degradation sampler ({@code rd}) of Chen, Daras and Dimakis (2023) for a forward process with
 * additive noise, {@code dX = f(X, t) dt + g(t) dW}, linear or not. A step from t down to t' first restores: the score
 * gives the noise that points from the data back to the current iterate, {@code eps = -nu(t) s(x, t)}, and a
 * gradient-ascent step on the log-likelihood moves x towards the data along it; then it degrades: the forward process
 * runs from the restored point to t' driven by that same noise, {@code dX/du = f(X, u) + g(u)^2 / (2 nu(u)) eps}.
 * Restoring to the data end and degrading to t' composes to this flow integrated from t back to t', which is what is
 * solved. nu is the noise scale: sigma(t) for a linear process, whose flow is then exact in closed form,
 * {@code x' = alpha' (x - sigma eps) / alpha + sigma' eps} (restore x0 = (x - sigma eps) / alpha by Tweedie, degrade
 * alpha' x0 + sigma' eps): DDIM with eta = 0. Without closed-form marginals nu(u)^2 = int_0^u g^2 (the diffusion's own
 * spread) and the degradation flow is integrated with {@code substeps} RK4 steps in sqrt(t) (evaluations of f, not
 * the model).
 * Freezing the noise over a step is consistent with the probability-flow ODE (as the step shrinks the update tends to
 * {@code f - g^2 s / 2}); one NFE per step.
 */
public final class RestorationDegradation extends ReversalSampler {

  private static final double[] GAUSS_NODES = {-0.9602898564975363, -0.7966664774136267, -0.5255324099163290,
      -0.1834346424956498, 0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
  private static final double[] GAUSS_WEIGHTS = {0.1012285362903763, 0.2223810344533745, 0.3137066458778873,
      0.3626837833783620, 0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
  private static final int NU_PANELS = 64;

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
  protected INDArray sample(Run run, INDArray x, double start, double end, RandomSource random) {
    ForwardProcess forward = run.forward();
    NoiseSchedule ns = forward.linear().isPresent() ? new NoiseSchedule(forward) : null;
    double[] t = schedule.times(forward, start, end, steps());
    for (int k = 0; k < steps(); k++) {
      INDArray eps = run.score(x, t[k]).muli(-noiseScale(forward, ns, t[k]));
      INDArray next;
      if (ns != null && closedForm) {
        INDArray restored = x.dup();
        ArrayOps.axpy(-ns.sigma(t[k]), eps, restored);
        next = restored.muli(ns.alpha(t[k + 1]) / ns.alpha(t[k]));
        ArrayOps.axpy(ns.sigma(t[k + 1]), eps, next);
      } else {
        next = degrade(forward, ns, x, eps, t[k], t[k + 1]);
      }
      run.step(t[k], t[k + 1], x, next, next, null, 0);
      x = next;
    }
    return x;
  }

  /**
   * The degradation flow {@code dX/du = f(X, u) + c(u) eps}, c = g^2 / (2 nu), from u = t down to tNext. Its forcing
   * grows like 1/sqrt(u) near the data end (nu ~ sqrt(u)), which RK4 resolves badly; so the noise part is taken out,
   * {@code X = Y + nu(u) eps} with {@code dY/du = f(Y + nu eps, u) + (c - nu') eps} (the last term is 0 for the
   * non-linear nu and {@code lambda sigma} for a linear process), and Y is integrated by RK4 in {@code v = sqrt(u)},
   * where {@code nu(v^2)} is smooth.
   */
  private INDArray degrade(ForwardProcess forward, NoiseSchedule ns, INDArray x, INDArray eps, double t,
      double tNext) {
    long n = x.size(0);
    long d = x.size(1);
    double[] e = Rows.values(eps);
    double[] y = Rows.values(x);
    axpy(-noiseScale(forward, ns, t), e, y);
    double v0 = Math.sqrt(t);
    double h = (Math.sqrt(tNext) - v0) / substeps;
    double[] stage = new double[y.length];
    for (int j = 0; j < substeps; j++) {
      double v = v0 + j * h;
      double[] k1 = flow(forward, ns, y, e, v, n, d);
      combine(y, 0.5 * h, k1, stage);
      double[] k2 = flow(forward, ns, stage, e, v + 0.5 * h, n, d);
      combine(y, 0.5 * h, k2, stage);
      double[] k3 = flow(forward, ns, stage, e, v + 0.5 * h, n, d);
      combine(y, h, k3, stage);
      double[] k4 = flow(forward, ns, stage, e, v + h, n, d);
      for (int i = 0; i < y.length; i++) {
        y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
    }
    axpy(noiseScale(forward, ns, tNext), e, y);
    return Rows.matrix(y, n, d);
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static void combine(double[] y, double a, double[] k, double[] out) {
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i] + a * k[i];
    }
  }

  /** {@code dY/dv = 2 v [f(Y + nu eps, u) + (c - nu') eps]} at u = v^2. */
  private double[] flow(ForwardProcess forward, NoiseSchedule ns, double[] y, double[] eps, double v, long n,
      long d) {
    double u = v * v;
    double nu = noiseScale(forward, ns, u);
    double[] state = y.clone();
    axpy(nu, eps, state);
    double[] rate = Rows.values(forward.drift(Rows.matrix(state, n, d), u));
    // c - nu' = g^2/(2 sigma) - (g^2 - 2 lambda sigma^2)/(2 sigma) = lambda sigma for a linear process, else 0
    double extra = ns == null ? 0 : forward.linear().orElseThrow().driftRate(u) * nu;
    for (int i = 0; i < rate.length; i++) {
      rate[i] = 2 * v * (rate[i] + extra * eps[i]);
    }
    return rate;
  }

  /** nu(u): sigma(u) for a linear process, else sqrt(int_0^u g^2) by composite Gauss–Legendre quadrature. */
  static double noiseScale(ForwardProcess forward, NoiseSchedule ns, double u) {
    if (ns != null) {
      return ns.sigma(u);
    }
    double sum = 0;
    double panel = u / NU_PANELS;
    for (int p = 0; p < NU_PANELS; p++) {
      for (int i = 0; i < GAUSS_NODES.length; i++) {
        double v = panel * (p + 0.5 * (1 + GAUSS_NODES[i]));
        double g = forward.diffusion(v);
        sum += 0.5 * panel * GAUSS_WEIGHTS[i] * g * g;
      }
    }
    return Math.sqrt(sum);
  }
}

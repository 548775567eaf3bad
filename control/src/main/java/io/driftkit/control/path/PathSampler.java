package io.driftkit.control.path;

import io.driftkit.api.DriftModel;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.PathSupport;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Simulates the generative chain of a {@link PathChain} under a control and accumulates the exact discrete-time log
 * importance weight {@code log w} (E[w] = Z), in float64; also computes the two training losses from the same
 * weight: log-variance (no backpropagation through the chain; all time steps in one network call) and path KL
 * (minus the ELBO, by backpropagation through the chain with the model's input gradients).
 */
public final class PathSampler implements PathSupport {

  private static final double LOG_2PI = Math.log(2 * Math.PI);
  /** Rows times dimension of one stacked backward call; bounds the memory of the log-variance gradient. */
  private static final long STACK_ENTRIES = 1L << 22;

  private final PathChain chain;
  private final ControlForm form;
  private final Target target;
  private final java.util.concurrent.atomic.AtomicReference<Buffers> spareBuffers =
      new java.util.concurrent.atomic.AtomicReference<>();

  public PathSampler(PathChain chain, ControlForm form, Target target) {
    this.chain = chain;
    this.form = form;
    this.target = target;
  }

  public PathChain chain() {
    return chain;
  }

  /** Network (and, when preconditioned, target-gradient) evaluations per path. */
  public long evaluationsPerPath() {
    return chain.steps();
  }

  /**
   * Simulated paths, each state and noise as n rows of d entries, row-major in float64: the losses loop over them in
   * Java, and holding them as ND4J arrays cost a native allocation and a copy back per step.
   *
   * @param states Y_0..Y_K when kept, else only Y_K
   * @param noises Z_0..Z_{K-1} when kept, else empty
   * @param masks the network's clipping masks per step when kept and clipping is on, else empty
   * @param logWeights log w per path (float64)
   */
  public record Paths(int n, int d, List<double[]> states, List<double[]> noises, List<double[]> masks,
      double[] logWeights) {
    /** The final states Y_K ({@code [n, d]}). */
    public INDArray end() {
      return state(states.size() - 1);
    }

    /** Y_j as a {@code [n, d]} array (a copy). */
    public INDArray state(int j) {
      return Rows.matrix(states.get(j), n, d);
    }
  }

  /** Runs n paths of the generative chain under {@code model}, accumulating log w. */
  public Paths simulate(DriftModel model, int n, RandomSource random, boolean keep, StepObserver observer) {
    return simulate(model, n, random, keep, observer, 1);
  }

  /**
   * Runs n paths with the chain's noise multiplied by {@code noiseScale} (above 1: an exploring, off-policy
   * process), accumulating log w of each path under the model's own chain, so that the weights stay exact for the
   * paths drawn; the kept noises are the residuals {@code noiseScale Z_j} of the model's kernels.
   */
  public Paths simulate(DriftModel model, int n, RandomSource random, boolean keep, StepObserver observer,
      double noiseScale) {
    return simulate(model, n, random, keep, observer, noiseScale, null);
  }

  /**
   * As above; kept states and noises go into {@code buffers} when given (valid until they are next used), so a
   * training loop allocates nothing per step: a step's paths are megabytes, and G1, the JVM's default collector,
   * grew the heap, and the process, with them.
   */
  private Paths simulate(DriftModel model, int n, RandomSource random, boolean keep, StepObserver observer,
      double noiseScale, Buffers buffers) {
    int d = target.dim();
    int k = chain.steps();
    int nd = n * d;
    INDArray y = chain.prior() == null ? Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, n, d) : chain.prior().sample(n, random.split("prior"));
    double[] lw = new double[n];
    if (chain.backwardReference()) {
      double[] logMu = Rows.values(chain.prior().logDensity(y));
      for (int i = 0; i < n; i++) {
        lw[i] = -logMu[i];
      }
    }
    List<double[]> states = new ArrayList<>();
    List<double[]> noises = new ArrayList<>();
    List<double[]> masks = new ArrayList<>();
    double[] yv = Rows.values(y, buffers == null ? null : buffers.states[0]);
    if (keep) {
      states.add(yv);
    }
    boolean observed = observer != StepObserver.NONE;
    double[] v = new double[nd];
    double[] z = keep ? null : new double[nd]; // kept: a new array (or buffer) per step
    double[] spare = keep ? null : new double[nd];
    RandomSource noiseSource = random.split("noise");
    for (int j = 0; j < k; j++) {
      // one pass over the rows per step, in Java: a dozen small ND4J ops here cost as much as the network
      double[] mask = form.evaluate(model, target, chain, j, observed ? y : null, yv, n, v);
      if (keep) {
        z = buffers == null ? new double[nd] : buffers.noises[j];
      }
      for (int e = 0; e < nd; e++) {
        z[e] = noiseSource.nextGaussian();
        if (noiseScale != 1) {
          z[e] *= noiseScale;
        }
      }
      double a = chain.a()[j];
      double c = chain.c()[j];
      double std = chain.std()[j];
      double[] next = !keep ? spare : buffers == null ? new double[nd] : buffers.states[j + 1];
      for (int e = 0; e < nd; e++) {
        next[e] = (yv[e] * a + v[e] * c) + z[e] * std;
      }
      addStepLogWeight(lw, j, yv, next, z);
      if (observed) {
        double h = chain.times()[j + 1] - chain.times()[j];
        INDArray nextArray = Rows.matrix(next, n, d);
        observer.onStep(new Step(j, chain.times()[j], h, y, nextArray, Rows.matrix(v, n, d), std / Math.sqrt(h),
            Rows.matrix(z, n, d)));
        y = nextArray;
      }
      if (keep) {
        states.add(next);
        noises.add(z);
        if (mask != null) {
          masks.add(mask);
        }
      } else {
        spare = yv;
      }
      yv = next;
    }
    INDArray end = observed ? y : Rows.matrix(yv, n, d);
    double[] logRho = Rows.values(target.logDensity(end));
    if (!observed) {
      Rows.release(end);
    }
    for (int i = 0; i < n; i++) {
      lw[i] += logRho[i];
      if (!chain.backwardReference()) {
        double sq = 0;
        for (int e = i * d; e < (i + 1) * d; e++) {
          sq += yv[e] * yv[e];
        }
        lw[i] -= -0.5 * sq / chain.terminalVar() - 0.5 * d * Math.log(2 * Math.PI * chain.terminalVar());
      }
    }
    if (!keep) {
      states.add(yv);
    }
    return new Paths(n, d, states, noises, masks, lw);
  }

  /** The arrays of one training step's kept paths and of its stacked gradient call, reused from step to step. */
  private static final class Buffers {
    final int n;
    final double[][] states;
    final double[][] noises;
    final double[] xs;
    final double[] gs;
    final double[] times;

    Buffers(int n, int d, int k, int stackedRows) {
      this.n = n;
      states = new double[k + 1][n * d];
      noises = new double[k][n * d];
      xs = new double[stackedRows * d];
      gs = new double[stackedRows * d];
      times = new double[stackedRows];
    }

    private INDArray[] arrays;

    /**
     * The stacked states, times and output gradients as arrays, refilled from {@link #xs}, {@link #times} and
     * {@link #gs}: the same native memory every step, where fresh arrays waited for a collection to be freed.
     */
    INDArray[] arrays(int d) {
      if (arrays == null) {
        arrays = new INDArray[] {Rows.matrix(xs, times.length, d), Rows.vector(times), Rows.matrix(gs, times.length, d)};
      } else {
        Rows.fill(arrays[0], xs);
        Rows.fill(arrays[1], times);
        Rows.fill(arrays[2], gs);
      }
      return arrays;
    }
  }

  /** Reusable buffers for n paths, taken so that concurrent callers never share them; give them back after use. */
  private Buffers takeBuffers(int n, int stackedRows) {
    Buffers b = spareBuffers.getAndSet(null);
    return b != null && b.n == n && b.times.length == stackedRows ? b
        : new Buffers(n, target.dim(), chain.steps(), stackedRows);
  }

  /** Adds the reference kernel's log density minus the generative kernel's for step j. */
  private void addStepLogWeight(double[] lw, int j, INDArray y, INDArray next, INDArray z) {
    addStepLogWeight(lw, j, Rows.values(y), Rows.values(next), Rows.values(z));
  }

  /** As above over row-major values: {@code y}, {@code next} and {@code z} hold n rows of d entries. */
  private void addStepLogWeight(double[] lw, int j, double[] y, double[] next, double[] z) {
    int d = target.dim();
    double kappa = chain.kappa()[j];
    double var = chain.refVar()[j];
    boolean backward = chain.backwardReference();
    double refNorm = -0.5 * d * Math.log(2 * Math.PI * var);
    double genNorm = -d * Math.log(chain.std()[j]) - 0.5 * d * LOG_2PI;
    for (int i = 0; i < lw.length; i++) {
      double rr = 0;
      double zz = 0;
      for (int e = i * d; e < (i + 1) * d; e++) {
        double r = backward ? y[e] - next[e] * kappa : next[e] - y[e] * kappa;
        rr += r * r;
        zz += z[e] * z[e];
      }
      lw[i] += (-0.5 * rr / var + refNorm) - (-0.5 * zz + genNorm);
    }
  }

  /**
   * log w along reference paths that end at exact target samples: the reference chain run backwards from
   * {@code Y_K = x} (DIS: the noising kernels; PIS and DDS: the reference's own backward kernels, from its Gaussian
   * marginals). Their mean is the EUBO, an upper bound on log Z in expectation.
   */
  public double[] logWeightsOnReferencePaths(DriftModel model, INDArray targetSamples, RandomSource random) {
    int n = (int) targetSamples.size(0);
    int d = target.dim();
    int k = chain.steps();
    double[] backKappa = new double[k];
    double[] backVar = new double[k];
    if (chain.backwardReference()) {
      System.arraycopy(chain.kappa(), 0, backKappa, 0, k);
      System.arraycopy(chain.refVar(), 0, backVar, 0, k);
    } else {
      double m = chain.prior() == null ? 0 : chain.terminalVar(); // PIS starts at a point, DDS in its stationary law
      for (int j = 0; j < k; j++) {
        double kappa = chain.kappa()[j];
        double mNext = kappa * kappa * m + chain.refVar()[j];
        backKappa[j] = kappa * m / mNext;
        backVar[j] = m - kappa * kappa * m * m / mNext;
        m = mNext;
      }
    }
    INDArray[] y = new INDArray[k + 1];
    y[k] = targetSamples.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    RandomSource noise = random.split("reference-noise");
    for (int j = k - 1; j >= 0; j--) {
      y[j] = y[j + 1].mul(backKappa[j]);
      if (backVar[j] > 0) {
        y[j].addi(noise.normal(n, d).muli(Math.sqrt(backVar[j])));
      }
    }
    double[] lw = Rows.values(target.logDensity(y[k]));
    if (chain.backwardReference()) {
      double[] logMu = Rows.values(chain.prior().logDensity(y[0]));
      for (int i = 0; i < n; i++) {
        lw[i] -= logMu[i];
      }
    } else {
      double[] sq = Rows.values(y[k].mul(y[k]).sum(1));
      for (int i = 0; i < n; i++) {
        lw[i] -= -0.5 * sq[i] / chain.terminalVar() - 0.5 * d * Math.log(2 * Math.PI * chain.terminalVar());
      }
    }
    for (int j = 0; j < k; j++) {
      INDArray v = form.evaluate(model, target, chain, j, y[j]).control();
      INDArray z = y[j + 1].sub(y[j].mul(chain.a()[j])).subi(v.muli(chain.c()[j])).divi(chain.std()[j]);
      addStepLogWeight(lw, j, y[j], y[j + 1], z);
    }
    return lw;
  }

  /**
   * log w of kept paths re-evaluated under another control: only the generative kernels' densities change. This is
   * what the log-variance loss differentiates (paths held fixed), and what off-policy training would use.
   */
  public double[] logWeightsOnPaths(DriftModel model, Paths paths) {
    double[] lw = paths.logWeights().clone();
    int n = lw.length;
    int d = paths.d();
    double[] v = new double[n * d];
    for (int j = 0; j < chain.steps(); j++) {
      double[] y = paths.states().get(j);
      double[] next = paths.states().get(j + 1);
      double[] z = paths.noises().get(j);
      form.evaluate(model, target, chain, j, null, y, n, v);
      double a = chain.a()[j];
      double c = chain.c()[j];
      double std = chain.std()[j];
      for (int i = 0; i < n; i++) {
        double rr = 0;
        double zz = 0;
        for (int e = i * d; e < (i + 1) * d; e++) {
          double r = (next[e] - y[e] * a - v[e] * c) / std;
          rr += r * r;
          zz += z[e] * z[e];
        }
        lw[i] += 0.5 * (rr - zz); // replace -log p under the simulating control by -log p under this one
      }
    }
    return lw;
  }

  /**
   * The log-variance loss {@code Var(log w)} over n paths simulated with the current control held fixed (with
   * {@code noiseScale > 1}, by an exploring chain with wider noise), and its gradient:
   * {@code dL/dv_j = -(2/n) (log w - mean) c_j R_j / std_j} with R_j the residual of the model's kernel at step j,
   * pushed through the network in stacked calls over all time steps. Any path law with full support gives a loss
   * whose minimum, zero, is at the optimal control; wider noise visits modes the current control misses.
   */
  @Override
  public Loss.Value logVariance(LearnableDriftModel model, int n, RandomSource random, double noiseScale) {
    int d = target.dim();
    int k = chain.steps();
    int stepsPerCall = (int) Math.max(1, Math.min(k, STACK_ENTRIES / ((long) n * d)));
    Buffers buffers = takeBuffers(n, stepsPerCall * n);
    Paths paths = simulate(model, n, random, true, StepObserver.NONE, noiseScale, buffers);
    Moments m = Moments.of(paths.logWeights());
    double[] coef = new double[n];
    for (int i = 0; i < n; i++) {
      double l = paths.logWeights()[i];
      coef[i] = Double.isFinite(l) ? -(2.0 / m.count) * (l - m.mean) : 0;
    }
    INDArray gradient = null;
    for (int j0 = 0; j0 < k; j0 += stepsPerCall) {
      int j1 = Math.min(k, j0 + stepsPerCall);
      int rows = (j1 - j0) * n;
      boolean full = rows == buffers.times.length;
      double[] xs = full ? buffers.xs : new double[rows * d];
      double[] gs = full ? buffers.gs : new double[rows * d];
      double[] times = full ? buffers.times : new double[rows];
      for (int j = j0; j < j1; j++) {
        double[] z = paths.noises().get(j);
        double[] mask = paths.masks().isEmpty() ? null : paths.masks().get(j);
        double scale = chain.c()[j] / chain.std()[j];
        int at = (j - j0) * n * d;
        for (int e = 0; e < n * d; e++) {
          double g = z[e] * scale * coef[e / d];
          gs[at + e] = mask == null ? g : g * mask[e];
        }
        System.arraycopy(paths.states().get(j), 0, xs, at, n * d);
        java.util.Arrays.fill(times, (j - j0) * n, (j - j0 + 1) * n, chain.times()[j]);
      }
      INDArray[] stacked = full ? buffers.arrays(d) : new INDArray[] {Rows.matrix(xs, rows, d), Rows.vector(times),
          Rows.matrix(gs, rows, d)};
      INDArray part = model.parameterGradient(stacked[0], stacked[1], stacked[2]);
      if (gradient == null) {
        gradient = part;
      } else {
        gradient.addi(part);
        Rows.release(part);
      }
    }
    spareBuffers.set(buffers);
    // off-policy, the mean of log w is no bound on log Z, so it is reported under another name
    return new Loss.Value(m.variance, gradient, Map.of(noiseScale == 1 ? "log_z_elbo" : "mean_log_w_explored",
        m.mean, "nonfinite_paths", (double) (n - m.count)));
  }

  /**
   * The path-KL loss {@code -mean log w} (minus the ELBO) and its exact gradient for the simulated noise, by
   * reverse-mode differentiation through the chain: with {@code G_j = d log w / d Y_j},
   * {@code G_j = a_j G_{j+1} + c_j J_v(Y_j)^T G_{j+1} + d/dY_j (reference terms)} and
   * {@code d log w / d theta = sum_j c_j (dv_j/d theta)^T G_{j+1}}.
   */
  @Override
  public Loss.Value pathKl(LearnableDriftModel model, int n, RandomSource random) {
    Paths paths = simulate(model, n, random, true, StepObserver.NONE);
    double[] lw = paths.logWeights();
    Moments m = Moments.of(lw);
    double[] keepRow = new double[n];
    for (int i = 0; i < n; i++) {
      keepRow[i] = Double.isFinite(lw[i]) ? 1 : 0;
    }
    INDArray rowMask = Rows.vector(keepRow).reshape(n, 1);
    int k = chain.steps();
    List<double[]> y = paths.states();
    INDArray yk = paths.state(k);
    INDArray g = target.gradLogDensity(yk);
    if (!chain.backwardReference()) {
      g.addi(yk.div(chain.terminalVar()));
    }
    g.addi(referenceGradient(k - 1, paths.state(k - 1), yk, false)).muliColumnVector(rowMask);
    INDArray gradient = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, model.parameterCount());
    // the adjoint recursion in Java over the rows; the network's backward pass is the only ND4J call of a step
    double[] gv = Rows.values(g);
    double[] yNext = y.get(k);
    double[] yj = y.get(k - 1);
    int d = target.dim();
    for (int j = k - 1; j >= 0; j--) {
      double c = chain.c()[j];
      double[] out = new double[gv.length];
      double[] mask = paths.masks().isEmpty() ? null : paths.masks().get(j);
      for (int e = 0; e < out.length; e++) {
        out[e] = mask == null ? gv[e] * c : gv[e] * c * mask[e];
      }
      INDArray state = paths.state(j);
      LearnableDriftModel.Gradients grads = model.backward(state, Nd4j.valueArrayOf(new long[] {n},
          chain.times()[j], org.nd4j.linalg.api.buffer.DataType.DOUBLE), Rows.matrix(out, n, d));
      gradient.addi(grads.parameters());
      if (j == 0) {
        break;
      }
      double[] input = Rows.values(grads.input());
      double[] nonNetwork = form.scoreWeight(chain, j) == 0 ? null
          : Rows.values(form.nonNetworkVjp(target, chain, j, state, Rows.matrix(gv, n, d)));
      double[] yPrev = y.get(j - 1);
      double a = chain.a()[j];
      double base = form.base()[j];
      double[] next = new double[gv.length];
      for (int e = 0; e < next.length; e++) {
        double nn = nonNetwork == null ? gv[e] * base : nonNetwork[e];
        double v = gv[e] * a + input[e] + nn * c + referenceGradient(j, yj[e], yNext[e], true)
            + referenceGradient(j - 1, yPrev[e], yj[e], false);
        next[e] = v * keepRow[e / d];
      }
      gv = next;
      yNext = yj;
      yj = yPrev;
    }
    gradient.divi(-m.count);
    return new Loss.Value(-m.mean, gradient, Map.of("log_z_elbo", m.mean, "log_var", m.variance,
        "nonfinite_paths", (double) (n - m.count)));
  }

  /**
   * The gradient of the reference term of step j, {@code log N(.)} of the kernel between Y_j and Y_{j+1}, with
   * respect to Y_j ({@code atStart}) or Y_{j+1}.
   */
  private INDArray referenceGradient(int j, INDArray yj, INDArray yj1, boolean atStart) {
    double kappa = chain.kappa()[j];
    double var = chain.refVar()[j];
    if (chain.backwardReference()) {
      INDArray r = yj.sub(yj1.mul(kappa)).divi(var); // log q = -|Y_j - kappa Y_{j+1}|^2 / (2 var)
      return atStart ? r.negi() : r.muli(kappa);
    }
    INDArray r = yj1.sub(yj.mul(kappa)).divi(var); // log r = -|Y_{j+1} - kappa Y_j|^2 / (2 var)
    return atStart ? r.muli(kappa) : r.negi();
  }

  /** {@link #referenceGradient(int, INDArray, INDArray, boolean)} for one entry. */
  private double referenceGradient(int j, double yj, double yj1, boolean atStart) {
    double kappa = chain.kappa()[j];
    double var = chain.refVar()[j];
    if (chain.backwardReference()) {
      double r = (yj - yj1 * kappa) / var;
      return atStart ? -r : r * kappa;
    }
    double r = (yj1 - yj * kappa) / var;
    return atStart ? r * kappa : -r;
  }

  /** Mean and population variance over the finite entries. */
  record Moments(int count, double mean, double variance) {
    static Moments of(double[] v) {
      int c = 0;
      double s = 0;
      for (double x : v) {
        if (Double.isFinite(x)) {
          c++;
          s += x;
        }
      }
      double mean = c == 0 ? Double.NaN : s / c;
      double ss = 0;
      for (double x : v) {
        if (Double.isFinite(x)) {
          ss += (x - mean) * (x - mean);
        }
      }
      return new Moments(c, mean, c == 0 ? Double.NaN : ss / c);
    }
  }
}

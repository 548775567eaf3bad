package io.driftkit.sde.fp;

import io.driftkit.api.DataSource;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Points {@code (x_t, t)} along a forward process started from data: t uniform on [t-min, T] and x_t drawn from the
 * process's law at t given x_0. A linear process draws {@code alpha x_0 + sigma z} in closed form; any other is
 * simulated by Euler–Maruyama from x_0 on a uniform grid, each point finished by a partial step to its own time.
 * Each draw (data, times, noise) has its own named stream.
 */
public final class ForwardPoints {

  /** Euler–Maruyama steps over [0, T] for processes without closed-form marginals (weak error O(T / steps)). */
  public static final int SIMULATION_STEPS = 1000;

  private ForwardPoints() {}

  /** n points, {@code x} of shape {@code [n, d]} and a time per row. */
  public record Points(INDArray x, double[] t) {}

  public static Points draw(ForwardProcess forward, DataSource data, int n, double tMin, RandomSource random) {
    double horizon = forward.horizon();
    if (!(tMin > 0) || !(tMin < horizon)) {
      throw new IllegalArgumentException("residual times need 0 < t-min < T = " + horizon + ", got " + tMin);
    }
    INDArray x0 = data.batch(n, random.split("data"));
    RandomSource times = random.split("time");
    double[] t = new double[n];
    for (int r = 0; r < n; r++) {
      t[r] = tMin + (horizon - tMin) * times.nextDouble();
    }
    RandomSource noise = random.split("noise");
    return new Points(forward.linear().map(lin -> closedForm(lin, x0, t, noise))
        .orElseGet(() -> simulated(forward, x0, t, noise)), t);
  }

  /**
   * n points uniform on the box {@code [-halfWidth, halfWidth]^d} with t uniform on [t-min, T]: the collocation points
   * of Deveney et al.'s code, which constrain the field wherever the samplers may go, not only along the forward
   * process from the data.
   */
  public static Points box(int n, int d, double halfWidth, double tMin, double horizon, RandomSource random) {
    if (!(tMin > 0) || !(tMin < horizon)) {
      throw new IllegalArgumentException("residual times need 0 < t-min < T = " + horizon + ", got " + tMin);
    }
    if (!(halfWidth > 0) || !Double.isFinite(halfWidth)) {
      throw new IllegalArgumentException("box half-width must be finite and > 0, got " + halfWidth);
    }
    RandomSource space = random.split("space");
    double[] x = new double[n * d];
    for (int k = 0; k < x.length; k++) {
      x[k] = halfWidth * (2 * space.nextDouble() - 1);
    }
    RandomSource times = random.split("time");
    double[] t = new double[n];
    for (int r = 0; r < n; r++) {
      t[r] = tMin + (horizon - tMin) * times.nextDouble();
    }
    return new Points(Rows.matrix(x, n, d), t);
  }

  private static INDArray closedForm(ForwardProcess.LinearMarginals lin, INDArray x0, double[] t, RandomSource noise) {
    int n = t.length;
    double[] alpha = new double[n];
    double[] sigma = new double[n];
    for (int r = 0; r < n; r++) {
      alpha[r] = lin.alpha(t[r]);
      sigma[r] = lin.sigma(t[r]);
    }
    INDArray z = noise.normal(n, Math.toIntExact(x0.size(1)));
    return x0.mulColumnVector(Rows.matrix(alpha, n, 1)).addi(z.mulColumnVector(Rows.matrix(sigma, n, 1)));
  }

  /** Euler–Maruyama on the whole batch; a row whose time falls inside a step is finished by a partial step. */
  private static INDArray simulated(ForwardProcess forward, INDArray x0, double[] t, RandomSource noise) {
    int n = t.length;
    int d = Math.toIntExact(x0.size(1));
    double h = forward.horizon() / SIMULATION_STEPS;
    Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(r -> t[r]))
        .toArray(Integer[]::new);
    double[] out = new double[n * d];
    INDArray x = x0.dup();
    int next = 0;
    for (int k = 0; next < n; k++) {
      double s = k * h;
      INDArray drift = forward.drift(x, s);
      double g = forward.diffusion(s);
      INDArray z = noise.normal(n, d);
      double[] xv = Rows.values(x);
      double[] fv = Rows.values(drift);
      double[] zv = Rows.values(z);
      while (next < n && t[order[next]] <= s + h) {
        int r = order[next++];
        double dt = t[r] - s;
        for (int i = 0; i < d; i++) {
          out[r * d + i] = xv[r * d + i] + dt * fv[r * d + i] + g * Math.sqrt(dt) * zv[r * d + i];
        }
      }
      x.addi(drift.muli(h)).addi(z.muli(g * Math.sqrt(h)));
    }
    return Rows.matrix(out, n, d);
  }
}

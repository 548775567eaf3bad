package io.driftkit.targets;

import io.driftkit.api.RandomSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * A smooth 1-D unnormalised log density {@code f} whose mass lies in {@code [lo, hi]} (outside, f is at least 60
 * below its maximum and keeps falling faster than a Gaussian). Gives the exact log normaliser by Gauss-Legendre
 * quadrature (computed once, in the constructor) and exact samples by rejection from a Gaussian mixture proposal
 * placed on the local maxima of f, with a wide component so the proposal has the heavier tails.
 */
final class UnivariateDensity {

  private static final int GRID = 20_000;
  private static final double WIDE_WEIGHT = 0.05;

  private final DoubleUnaryOperator f;
  private final double logZ;
  private final double[] centres;
  private final double[] sds;
  private final double[] weights;
  private final double logBound;

  UnivariateDensity(DoubleUnaryOperator f, double lo, double hi) {
    this.f = f;
    double h = (hi - lo) / GRID;
    double max = Double.NEGATIVE_INFINITY;
    double[] fx = new double[GRID + 1];
    for (int i = 0; i <= GRID; i++) {
      fx[i] = f.applyAsDouble(lo + i * h);
      max = Math.max(max, fx[i]);
    }
    this.logZ = max + Math.log(integrateShifted(lo, hi, max));

    // proposal: one Gaussian per local maximum, sd from the curvature there, weight ~ its Laplace mass
    List<double[]> parts = new ArrayList<>();
    for (int i = 1; i < GRID; i++) {
      if (fx[i] >= fx[i - 1] && fx[i] > fx[i + 1] && fx[i] > max - 30) {
        double curvature = -(fx[i + 1] - 2 * fx[i] + fx[i - 1]) / (h * h);
        double sd = Math.max(curvature > 0 ? 1 / Math.sqrt(curvature) : 0, (hi - lo) / 200);
        parts.add(new double[] {lo + i * h, 1.2 * sd, Math.exp(fx[i] - max) * sd});
      }
    }
    parts.add(new double[] {0.5 * (lo + hi), 0.25 * (hi - lo), 0});
    int k = parts.size();
    centres = new double[k];
    sds = new double[k];
    weights = new double[k];
    double total = 0;
    for (int c = 0; c < k - 1; c++) {
      total += parts.get(c)[2];
    }
    for (int c = 0; c < k; c++) {
      centres[c] = parts.get(c)[0];
      sds[c] = parts.get(c)[1];
      weights[c] = c == k - 1 ? WIDE_WEIGHT : (1 - WIDE_WEIGHT) * parts.get(c)[2] / total;
    }
    // envelope: sup f / g over a fine grid plus 2 % margin (the grid misses the sup by ~1e-5 relative)
    double bound = Double.NEGATIVE_INFINITY;
    for (int i = 0; i <= 4 * GRID; i++) {
      double x = lo + i * h / 4;
      bound = Math.max(bound, f.applyAsDouble(x) - logProposal(x));
    }
    this.logBound = bound + Math.log(1.02);
  }

  /** log of the integral of exp(f) over the real line. */
  double logNormalizer() {
    return logZ;
  }

  /** One exact sample. */
  double sample(RandomSource random) {
    while (true) {
      double u = random.nextDouble();
      int c = 0;
      double acc = weights[0];
      while (u >= acc && c < weights.length - 1) {
        acc += weights[++c];
      }
      double x = centres[c] + sds[c] * random.nextGaussian();
      if (Math.log(random.nextDouble()) < f.applyAsDouble(x) - logProposal(x) - logBound) {
        return x;
      }
    }
  }

  private double logProposal(double x) {
    double p = 0;
    for (int c = 0; c < weights.length; c++) {
      double z = (x - centres[c]) / sds[c];
      p += weights[c] * Math.exp(-0.5 * z * z) / (sds[c] * Math.sqrt(2 * Math.PI));
    }
    return Math.log(p);
  }

  /** Integral of exp(f - shift) over [lo, hi]: 400 panels of 32-point Gauss-Legendre. */
  private double integrateShifted(double lo, double hi, double shift) {
    int panels = 400;
    double w = (hi - lo) / panels;
    double sum = 0;
    GaussIntegratorFactory factory = new GaussIntegratorFactory();
    for (int p = 0; p < panels; p++) {
      GaussIntegrator rule = factory.legendre(32, lo + p * w, lo + (p + 1) * w);
      sum += rule.integrate(x -> Math.exp(f.applyAsDouble(x) - shift));
    }
    return sum;
  }
}

package io.driftkit.toolkit;

import java.util.Arrays;

/** {@link MixtureKernel} as one plain loop per row and component, for JVMs without the Vector API module. */
final class ScalarMixtureKernel implements MixtureKernel {

  @Override
  public void evaluate(MixtureKernel.Diffused m, double[] x, int n, double[] out, boolean gradient) {
    int dim = m.dim();
    int comps = m.components();
    double[] am = m.scaledMeans();
    double[] inverse = m.inverses();
    double[] offset = m.offsets();
    double[] terms = new double[comps];
    if (gradient) {
      Arrays.fill(out, 0, n * dim, 0);
    }
    for (int r = 0; r < n; r++) {
      int off = r * dim;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < comps; c++) {
        int mo = c * dim;
        double d2 = 0;
        for (int i = 0; i < dim; i++) {
          double t = x[off + i] - am[mo + i];
          d2 += t * t;
        }
        terms[c] = offset[c] - 0.5 * d2 * inverse[c];
        max = Math.max(max, terms[c]);
      }
      double sum = 0;
      for (int c = 0; c < comps; c++) {
        double z = terms[c] - max;
        terms[c] = z < NEGLIGIBLE ? 0 : Math.exp(z);
        sum += terms[c];
      }
      if (!gradient) {
        out[r] = max + Math.log(sum);
        continue;
      }
      for (int c = 0; c < comps; c++) {
        double weight = terms[c] / sum * inverse[c];
        if (weight == 0) {
          continue;
        }
        int mo = c * dim;
        for (int i = 0; i < dim; i++) {
          out[off + i] += weight * (am[mo + i] - x[off + i]);
        }
      }
    }
  }
}

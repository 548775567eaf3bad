package io.driftkit.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.RandomSource;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Both row kernels of {@link IsotropicMixture} (Vector API and scalar) against the general mixture's density and
 * score (Cholesky solves, one row at a time), on shapes that leave partial tiles and blocks: dimensions and
 * component counts that are not multiples of 4, row counts that are not multiples of a tile.
 */
class IsotropicMixtureTest {

  private static final List<MixtureKernel> KERNELS = List.of(new VectorMixtureKernel(), new ScalarMixtureKernel());

  private static GaussianMixture mixture(int dim, int comps, double spread, long seed) {
    Random r = new Random(seed);
    double[] w = new double[comps];
    double[] v = new double[comps];
    double[][] means = new double[comps][dim];
    for (int c = 0; c < comps; c++) {
      w[c] = 0.2 + r.nextDouble();
      v[c] = 0.05 + 2 * r.nextDouble();
      for (int i = 0; i < dim; i++) {
        means[c][i] = spread * (2 * r.nextDouble() - 1);
      }
    }
    return GaussianMixture.isotropic(w, means, v);
  }

  @Test
  void theTestJvmRunsTheVectorKernel() {
    assertThat(MixtureKernel.best()).isInstanceOf(VectorMixtureKernel.class);
  }

  @Test
  void bothKernelsAgreeWithTheGeneralMixture() {
    int[][] shapes = {{1, 1}, {2, 3}, {5, 6}, {7, 9}, {50, 40}};
    double[][] diffusions = {{1, 0}, {0.9, 0.3}, {0.2, 0.98}, {1e-3, 1}};
    for (int[] shape : shapes) {
      int dim = shape[0];
      GaussianMixture m = mixture(dim, shape[1], 6, dim);
      for (int n : new int[] {1, 37, 70}) {
        // rows near the modes and far out in the tails, where the largest logit is hundreds below the others
        INDArray x = new RandomSource(n).normal(n, dim).muli(n == 37 ? 40 : 4);
        for (double[] ad : diffusions) {
          GaussianMixture diffused = m.diffuse(ad[0], ad[1]);
          double[] score = Rows.values(diffused.score(x));
          double[] logp = Rows.values(diffused.logDensity(x));
          for (MixtureKernel k : KERNELS) {
            IsotropicMixture fast = IsotropicMixture.of(m, k).orElseThrow();
            String what = k.getClass().getSimpleName() + " d=" + dim + " K=" + shape[1] + " n=" + n + " alpha="
                + ad[0];
            assertClose(Rows.values(fast.score(x, ad[0], ad[1])), score, 1e-10, what + " score");
            assertClose(Rows.values(fast.logDensity(x, ad[0], ad[1])), logp, 1e-12, what + " log p");
          }
        }
      }
    }
  }

  /** The row-array calls give what the array calls give, and overwrite whatever the output held. */
  @Test
  void rowArrayCallsMatchTheArrayCalls() {
    GaussianMixture m = mixture(50, 40, 40, 7);
    INDArray x = new RandomSource(3).normal(45, 50).muli(20);
    double[] v = Rows.values(x);
    for (MixtureKernel k : KERNELS) {
      IsotropicMixture fast = IsotropicMixture.of(m, k).orElseThrow();
      double[] out = new double[v.length];
      java.util.Arrays.fill(out, Double.NaN);
      fast.score(v, 45, 0.7, 0.5, out);
      assertThat(out).containsExactly(Rows.values(fast.score(x, 0.7, 0.5)));
      double[] logp = new double[45];
      fast.logDensity(v, 45, 0.7, 0.5, logp);
      assertThat(logp).containsExactly(Rows.values(fast.logDensity(x, 0.7, 0.5)));
    }
  }

  /** A JVM without the Vector API module (a plugin's, say) gets the scalar kernel, with the same numbers. */
  @Test
  void aJvmWithoutTheVectorModuleUsesTheScalarKernel() throws Exception {
    List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), NoVectorModuleProbe.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    String[] lines = output.strip().split("\n");
    assertThat(lines[0]).isEqualTo(ScalarMixtureKernel.class.getSimpleName());
    // against the general mixture (Cholesky solves), not against a kernel of this class
    double[] expected = Rows.values(NoVectorModuleProbe.MIXTURE.diffuse(NoVectorModuleProbe.ALPHA,
        NoVectorModuleProbe.SIGMA).score(Rows.matrix(NoVectorModuleProbe.ROWS, 2, 3)));
    for (int i = 0; i < expected.length; i++) {
      assertThat(Double.parseDouble(lines[1 + i])).isCloseTo(expected[i],
          org.assertj.core.api.Assertions.within(1e-12 * (1 + Math.abs(expected[i]))));
    }
  }

  private static void assertClose(double[] actual, double[] expected, double relative, String what) {
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    assertThat(actual).as(what).hasSameSizeAs(expected);
    assertThat(worst).as(what).isLessThanOrEqualTo(relative * Math.max(1, scale));
  }
}

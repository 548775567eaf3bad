package io.driftkit.toolkit;

/** How {@link IsotropicMixture} evaluates rows: with the Vector API where the JVM has it, else a scalar loop. */
interface MixtureKernel {

  /** Terms below {@code exp(NEGLIGIBLE)} times the largest one cannot change a float64 sum; they are set to 0. */
  double NEGLIGIBLE = -50;

  /**
   * The mixture diffused with alpha, sigma: component c is {@code N(am_c, s_c^2 I)}.
   *
   * @param scaledMeans {@code alpha mu_c}, component-major {@code [components * dim]}
   * @param pulls {@code alpha mu_c / s_c^2}, the same layout: the score is {@code sum_c r_c pull_c - x sum_c r_c / s_c^2}
   * @param inverses {@code 1 / s_c^2}
   * @param offsets {@code log w_c - d/2 log(2 pi s_c^2)}
   */
  record Diffused(int dim, int components, double[] scaledMeans, double[] pulls, double[] inverses,
      double[] offsets) {}

  /**
   * Log density ({@code out[n]}) or score ({@code out[n * dim]}, overwritten) of the rows of {@code x}
   * ({@code [n * dim]}, row-major).
   */
  void evaluate(Diffused m, double[] x, int n, double[] out, boolean gradient);

  /** The Vector API kernel when the JVM was started with its module, else the scalar loop. */
  static MixtureKernel best() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? Vectorised.KERNEL
        : new ScalarMixtureKernel();
  }

  /** Holder, so that the Vector API class is loaded only when its module is there. */
  final class Vectorised {
    static final MixtureKernel KERNEL = new VectorMixtureKernel();

    private Vectorised() {}
  }
}

package io.driftkit.toolkit;

/** Run in a JVM without {@code --add-modules jdk.incubator.vector}: prints the kernel chosen and a few scores. */
public final class NoVectorModuleProbe {

  private NoVectorModuleProbe() {}

  public static void main(String[] args) {
    System.out.println(MixtureKernel.best().getClass().getSimpleName());
    for (double s : score(MixtureKernel.best())) {
      System.out.println(s);
    }
  }

  /** The score of a small 3-d, 2-component mixture at two rows, with the given kernel. */
  static double[] score(MixtureKernel kernel) {
    GaussianMixture m = GaussianMixture.isotropic(new double[] {1, 3}, new double[][] {{0, 1, 2}, {-1, 0.5, 3}},
        new double[] {0.5, 2});
    double[] x = {0.3, -0.2, 1.1, 4, 2, -1};
    double[] out = new double[6];
    IsotropicMixture.of(m, kernel).orElseThrow().score(x, 2, 0.8, 0.4, out);
    return out;
  }
}

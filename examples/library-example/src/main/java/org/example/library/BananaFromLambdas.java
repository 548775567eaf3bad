package org.example.library;

import io.driftkit.core.Driftkit;
import io.driftkit.core.SamplingResult;
import io.driftkit.toolkit.Targets;

public class BananaFromLambdas {
  public static void main(String[] args) {
    // a target written as two lambdas: log density and gradient of a banana (its log Z is log 4 pi)
    SamplingResult banana = Driftkit.sampler("smc").seed(1).target(Targets.of(2,
        x -> -x[0] * x[0] / 8 - 0.5 * Math.pow(x[1] - x[0] * x[0] / 4, 2),
        x -> new double[] {-x[0] / 4 + (x[1] - x[0] * x[0] / 4) * x[0] / 2, -(x[1] - x[0] * x[0] / 4)}))
        .run();
    System.out.printf("banana: log Z = %.3f (exact %.3f)%n", banana.logZImportanceSampling().orElseThrow(),
        Math.log(4 * Math.PI));
  }
}

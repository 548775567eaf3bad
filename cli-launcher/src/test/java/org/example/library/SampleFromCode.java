package org.example.library;

import io.driftkit.core.Driftkit;
import io.driftkit.core.SamplingResult;
import io.driftkit.toolkit.Targets;

public class SampleFromCode {
  public static void main(String[] args) {
    // DIS on the registered 10-dimensional funnel (log Z = 0), any key of a config file set in code
    SamplingResult funnel = Driftkit.sampler("dis").target("funnel")
        .set("train.steps", 50).set("train.batch", 128).samples(1000).seed(1).run();
    System.out.printf("funnel: log Z = %.3f +- %.3f, ESS %.2f%n", funnel.logZImportanceSampling().orElseThrow(),
        funnel.logZImportanceSamplingError().orElseThrow(), funnel.ess().orElseThrow());

    // a target written as two lambdas: log density and gradient of a banana, sampled by SMC
    SamplingResult banana = Driftkit.sampler("smc").seed(1).target(Targets.of(2,
        x -> -x[0] * x[0] / 8 - 0.5 * Math.pow(x[1] - x[0] * x[0] / 4, 2),
        x -> new double[] {-x[0] / 4 + (x[1] - x[0] * x[0] / 4) * x[0] / 2, -(x[1] - x[0] * x[0] / 4)}))
        .run();
    System.out.printf("banana: log Z = %.3f (exact %.3f)%n", banana.logZImportanceSampling().orElseThrow(),
        Math.log(4 * Math.PI));
  }
}

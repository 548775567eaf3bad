package org.example.library;

import io.driftkit.api.TimeGrid;
import io.driftkit.core.Driftkit;
import io.driftkit.core.SamplingResult;
import io.driftkit.core.TrainedRun;
import io.driftkit.toolkit.DriftModels;
import io.driftkit.toolkit.Integrators;
import java.util.Map;

public class TrainOnceSampleMore {
  public static void main(String[] args) {
    // train once, then sample the trained model with other seeds and sample sizes
    TrainedRun dis = Driftkit.sampler("dis").target("funnel").trainSteps(30).samples(500).seed(1).train();
    for (long seed = 1; seed <= 2; seed++) {
      System.out.printf("seed %d: log Z = %.3f%n", seed, dis.sample(seed).logZImportanceSampling().orElseThrow());
    }
    SamplingResult more = dis.sample(Map.of("seed", 3, "sample.n", 2000));
    System.out.printf("2000 samples: log Z = %.3f%n", more.logZImportanceSampling().orElseThrow());

    // a model and an integrator written as lambdas: the exact score of N(0, I) and Heun's step
    SamplingResult flow = Driftkit.sampler("score-sde").target("gaussian").trainSteps(0).samples(2000).seed(1)
        .model(DriftModels.score(2, (x, t) -> new double[] {-x[0], -x[1]}))
        .integrator(Integrators.ode(40, TimeGrid.Spacing.UNIFORM, (dynamics, x, t, h, b) ->
            x.add(b.add(dynamics.drift(x.add(b.mul(h)), t + h)).muli(h / 2))))
        .run();
    double m2 = 0;
    for (double[] x : flow.sampleRows()) {
      m2 += (x[0] * x[0] + x[1] * x[1]) / 2 / flow.sampleRows().length;
    }
    System.out.printf("probability flow: E[x_i^2] = %.3f (exact 1)%n", m2);
  }
}

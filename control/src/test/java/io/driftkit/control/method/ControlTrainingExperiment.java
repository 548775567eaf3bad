package io.driftkit.control.method;

import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.math.Rows;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import java.util.List;
import java.util.Map;

/** Scratch: train a control method and print log Z estimates. */
public final class ControlTrainingExperiment {
  public static void main(String[] args) {
    RunConfig c = RunConfig.of("exp", Map.of()).with(List.of(args));
    AssembledRun run = new RunAssembler(PluginRegistry.load()).assemble(c);
    long t0 = System.nanoTime();
    var res = new Trainer(TrainSettings.parse(run.train())).train(run.method(), run.components(),
        new RandomSource(run.seed()).split("train"), null, false);
    double tt = (System.nanoTime() - t0) / 1e9;
    Method.Sample s = run.method().sample(run.components(), 4000, new RandomSource(5), StepObserver.NONE);
    double[] lw = Rows.values(s.logWeights());
    double mean = java.util.Arrays.stream(lw).average().orElseThrow();
    double lse = Rows.logSumExp(lw) - Math.log(lw.length);
    double max = java.util.Arrays.stream(lw).max().orElseThrow();
    double s1 = 0, s2 = 0;
    for (double l : lw) { double w = Math.exp(l - max); s1 += w; s2 += w * w; }
    run.components().target().mixture().ifPresent(mix -> {
      double[][] r = mix.responsibilities(s.samples()).toDoubleMatrix();
      int[] counts = new int[mix.components()];
      for (double[] row : r) { int best = 0; for (int k = 1; k < row.length; k++) if (row[k] > row[best]) best = k; counts[best]++; }
      System.out.println("mode counts " + java.util.Arrays.toString(counts));
    });
    System.out.printf("train %.1fs (%d steps), elbo %.4f, is %.4f, ess %.4f, true %s%n", tt, res.stepsDone(), mean, lse,
        s1 * s1 / (lw.length * s2), run.components().target().logNormalizer());
  }
}

package io.driftkit.control.method;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.control.path.PathSampler;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/** Scratch: where does a training step's time go. */
public final class ControlTimingExperiment {
  public static void main(String[] args) {
    RunConfig c = RunConfig.of("exp", Map.of()).with(List.of(args));
    AssembledRun run = new RunAssembler(PluginRegistry.load()).assemble(c);
    LearnableDriftModel m = (LearnableDriftModel) run.components().model();
    PathSampler ps = ((ControlMethod) run.method()).sampler(run.components());
    int n = 256;
    var x = new RandomSource(1).normal(n, run.components().target().dim());
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 50; i++) m.evaluate(x, 0.5);
      long t1 = System.nanoTime();
      var big = new RandomSource(2).normal(n * 50, (int) x.size(1));
      var tt = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, n * 50);
      m.backward(big, tt, big);
      long t2 = System.nanoTime();
      ps.simulate(m, n, new RandomSource(3), true, StepObserver.NONE);
      long t3 = System.nanoTime();
      ps.logVariance(m, n, new RandomSource(4));
      long t4 = System.nanoTime();
      System.out.printf("50 evals %.1f ms, stacked backward %.1f ms, simulate %.1f ms, logvar step %.1f ms%n",
          (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
    }
  }
}

package io.driftkit.cli.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftkit bench sde}: mlp training speed, integrator throughput with oracle-score on gmm-40, memory. */
@Command(name = "sde", description = "mlp training steps/s (batch 512 and 4096; d = 2, 10, 50; widths 64, 128),"
    + " sampling throughput of every integrator with oracle-score on gmm-40, and peak resident memory.")
final class BenchSdeCommand implements Callable<Integer> {

  @Option(names = "--quick", description = "a short smoke run")
  boolean quick;

  @Override
  public Integer call() {
    new SdeBenchmark(System.out, quick).run();
    return 0;
  }
}

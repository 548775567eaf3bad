package io.driftkit.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code driftkit bench ...}: benchmarks (speed and accuracy runs that do not belong in unit tests). */
@Command(name = "bench", description = "Benchmarks: accuracy tables and throughput.",
    subcommands = {BenchTargetsCommand.class, BenchSdeCommand.class, BenchControlCommand.class,
        BenchInterpolantsCommand.class, BenchBridgeCommand.class, BenchSamplersCommand.class, BenchKernelsCommand.class,
        BenchOdeSdeCommand.class})
public final class BenchCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

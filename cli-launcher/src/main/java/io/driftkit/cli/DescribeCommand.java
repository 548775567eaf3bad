package io.driftkit.cli;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.MethodFactory;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.RunSettings;
import io.driftkit.core.train.TrainSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code driftkit describe SPI NAME}: the settings of one implementation. */
@Command(name = "describe", description = "Show the settings of one implementation (describe SPI NAME), or of the"
    + " run-level keys (describe train, describe run): key, type, default, meaning.")
final class DescribeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", description = "the SPI: target, forward, interpolant, model, loss, integrator or method; or"
      + " train, run")
  String spiName;

  @Parameters(index = "1", arity = "0..1", description = "the registered name, e.g. gmm-grid (not for train, run)")
  String name;

  @Override
  public Integer call() {
    if (spiName.equals("train") || spiName.equals("run")) {
      if (name != null) {
        throw new ConfigException("describe " + spiName + " takes no name, got '" + name + "'");
      }
      var out = spec.commandLine().getOut();
      List<Setting<?>> keys = spiName.equals("train") ? TrainSettings.SETTINGS : RunSettings.ALL;
      out.println(spiName.equals("train") ? "train.*: the trainer of every run with something to learn"
          : "run-level keys: seed, sampling, output");
      for (Setting<?> s : keys) {
        out.printf("  %s = %s%n      %s; %s%n", (spiName.equals("train") ? "train." : "") + s.key(),
            s.required() ? "(required)" : s.defaultValue(), s.type(), s.doc());
      }
      return 0;
    }
    if (name == null) {
      throw new ConfigException("describe " + spiName + " needs a NAME, e.g. describe target gmm-grid");
    }
    Spi<?> spi = Spi.byKey(spiName);
    if (spi == null) {
      throw new ConfigException("unknown SPI '" + spiName + "'; known: "
          + Spi.ALL.stream().map(Spi::key).collect(Collectors.joining(", ")));
    }
    PluginRegistry registry = DriftkitCommand.plugins(spec);
    print(spi, name, registry.factory(spi, name), spec.commandLine().getOut());
    return 0;
  }

  /** The describe text of one implementation: its description, roles (methods) and one entry per setting. */
  static void print(Spi<?> spi, String name, ComponentFactory<?> factory, PrintWriter out) {
    out.println(spi.key() + " = " + name);
    out.println("  " + factory.description());
    if (factory instanceof MethodFactory mf) {
      out.println("  roles: " + mf.roles().stream().map(r -> r.key() + (mf.defaults().containsKey(r)
          ? " (default " + mf.defaults().get(r) + ")" : "")).sorted().collect(Collectors.joining(", ")));
    }
    if (factory.settings().isEmpty()) {
      out.println("  (no settings)");
    }
    for (Setting<?> s : factory.settings()) {
      out.printf("  %s.%s = %s%n      %s; %s%n", spi.key(), s.key(),
          s.required() ? "(required)" : s.defaultValue(), s.type(), s.doc());
    }
  }
}

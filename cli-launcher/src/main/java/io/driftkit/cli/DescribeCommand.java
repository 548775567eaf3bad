package io.driftkit.cli;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.MethodFactory;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.plugin.PluginRegistry;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code driftkit describe SPI NAME}: the settings of one implementation. */
@Command(name = "describe", description = "Show the settings of one implementation: key, type, default, meaning.")
final class DescribeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", description = "the SPI: target, forward, interpolant, model, loss, integrator or method")
  String spiName;

  @Parameters(index = "1", description = "the registered name, e.g. gmm-grid")
  String name;

  @Override
  public Integer call() {
    Spi<?> spi = Spi.byKey(spiName);
    if (spi == null) {
      throw new ConfigException("unknown SPI '" + spiName + "'; known: "
          + Spi.ALL.stream().map(Spi::key).collect(Collectors.joining(", ")));
    }
    PluginRegistry registry = PluginRegistry.load();
    ComponentFactory<?> factory = registry.factory(spi, name);
    var out = spec.commandLine().getOut();
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
    return 0;
  }
}

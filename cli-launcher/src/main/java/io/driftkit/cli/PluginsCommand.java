package io.driftkit.cli;

import io.driftkit.api.plugin.Registration;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.plugin.PluginRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code driftkit plugins}: every registered implementation, grouped by SPI. */
@Command(name = "plugins", description = "List every registered implementation, grouped by SPI.")
final class PluginsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PluginRegistry registry = PluginRegistry.load();
    var out = spec.commandLine().getOut();
    for (Spi<?> spi : Spi.ALL) {
      out.println(spi.key() + ":");
      for (String name : registry.names(spi)) {
        Registration r = registry.registration(spi, name);
        String module = registry.plugins().stream().filter(p -> p.getClass() == r.plugin()).findFirst()
            .map(p -> p.moduleName()).orElse("?");
        out.printf("  %-22s %-24s %s%n", name, module, registry.factory(spi, name).description());
      }
    }
    return 0;
  }
}

package io.driftkit.cli;

import io.driftkit.api.plugin.Registration;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.plugin.BrokenPlugin;
import io.driftkit.core.plugin.PluginInfo;
import io.driftkit.core.plugin.PluginRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code driftkit plugins}: every registered implementation, grouped by SPI, where each plugin came from, and the
 * broken plugins. Exits 0 also when some are broken: it lists, and a broken plugin stops only the runs that use it.
 */
@Command(name = "plugins", description = "List every registered implementation, grouped by SPI, the plugins with"
    + " their jars and versions, and the plugins that are broken.")
final class PluginsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PluginRegistry registry = DriftkitCommand.plugins(spec);
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
    out.println("plugins:");
    for (PluginInfo p : registry.loaded()) {
      out.printf("  %-54s %-16s %s%n", p.plugin(), p.version(), p.source());
    }
    if (!registry.broken().isEmpty()) {
      out.println("broken (runs that name their components are refused):");
      for (BrokenPlugin b : registry.broken()) {
        out.println("  " + b.line());
      }
    }
    return 0;
  }
}

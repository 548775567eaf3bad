package io.driftkit.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.Spi;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.control.ControlPlugin;
import io.driftkit.sde.SdeForwardPlugin;
import io.driftkit.core.testing.TestPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

  @Test
  void serviceLoaderFindsEveryPluginModule() {
    PluginRegistry registry = PluginRegistry.load();
    assertThat(registry.plugins()).extracting(p -> p.getClass().getName())
        .contains(ControlPlugin.class.getName(), SdeForwardPlugin.class.getName(),
            io.driftkit.models.ModelsPlugin.class.getName());
    assertThat(registry.names(Spi.METHOD)).contains("langevin");
    assertThat(registry.names(Spi.INTEGRATOR)).contains("euler-maruyama");
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    PluginRegistry registry = PluginRegistry.of(List.of(new TestPlugins.Targets()));
    assertThatThrownBy(() -> registry.factory(Spi.TARGET, "test-gausian"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown target 'test-gausian'; known: test-gaussian, test-nan");
  }

  @Test
  void aNameRegisteredTwiceNamesBothPlugins() {
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new TestPlugins.Targets(), new TestPlugins.Duplicate())))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("target 'test-gaussian' is registered twice")
        .hasMessageContaining(TestPlugins.Targets.class.getName())
        .hasMessageContaining(TestPlugins.Duplicate.class.getName());
  }

  @Test
  void aPluginCompiledAgainstAnotherSpiVersionIsRefused() {
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new TestPlugins.FromTheFuture())))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining(TestPlugins.FromTheFuture.class.getName())
        .hasMessageContaining("SPI version " + (SpiVersion.CURRENT + 1))
        .hasMessageContaining("this driftkit has SPI version " + SpiVersion.CURRENT);
  }

  @Test
  void factoriesAreBuiltThroughOneInjector() {
    PluginRegistry registry = PluginRegistry.of(List.of(new ControlPlugin(), new SdeForwardPlugin(),
        new TestPlugins.Targets()));
    assertThat(registry.factory(Spi.TARGET, "test-gaussian").description()).isEqualTo("test Gaussian");
    assertThat(registry.registration(Spi.METHOD, "langevin").plugin()).isEqualTo(ControlPlugin.class);
  }
}

package io.driftkit.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.spi.Elements;
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
    assertThat(registry.broken()).isEmpty();
    assertThat(registry.loaded()).extracting(PluginInfo::plugin).contains(ControlPlugin.class.getName());
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    PluginRegistry registry = PluginRegistry.of(List.of(new TestPlugins.Targets()));
    assertThatThrownBy(() -> registry.factory(Spi.TARGET, "test-gausian"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown target 'test-gausian'; known: test-gaussian, test-nan");
  }

  @Test
  void aNameRegisteredTwiceBreaksTheSecondPluginAndIsRefusedButOtherNamesWork() {
    PluginRegistry registry = PluginRegistry.of(List.of(new TestPlugins.Targets(), new TestPlugins.Duplicate()));
    assertThat(registry.broken()).singleElement().satisfies(b -> {
      assertThat(b.plugin()).isEqualTo(TestPlugins.Duplicate.class.getName());
      assertThat(b.line()).isEqualTo("plugin " + TestPlugins.Duplicate.class.getName() + " (class path) is broken:"
          + " it registers target 'test-gaussian', which " + TestPlugins.Targets.class.getName()
          + " (class path) registered first");
    });
    assertThatThrownBy(() -> registry.factory(Spi.TARGET, "test-gaussian"))
        .isInstanceOf(PluginLoadException.class)
        .hasMessage(registry.broken().get(0).line());
    assertThat(registry.factory(Spi.TARGET, "test-nan").description()).contains("NaN");
    assertThat(registry.names(Spi.TARGET)).containsExactly("test-nan");
  }

  @Test
  void aPluginCompiledAgainstAnotherSpiVersionIsBrokenAndTheOthersLoad() {
    PluginRegistry registry = PluginRegistry.of(List.of(new TestPlugins.FromTheFuture(),
        new TestPlugins.Targets()));
    assertThat(registry.broken()).singleElement().satisfies(b -> assertThat(b.line())
        .contains(TestPlugins.FromTheFuture.class.getName())
        .contains("SPI version " + (SpiVersion.CURRENT + 1))
        .contains("this driftkit has SPI version " + SpiVersion.CURRENT));
    assertThat(registry.names(Spi.TARGET)).containsExactly("test-gaussian", "test-nan");
    // it registered nothing, so an unknown name points at it: it may be the plugin that would have provided it
    assertThatThrownBy(() -> registry.factory(Spi.TARGET, "future-target"))
        .hasMessageContaining("unknown target 'future-target'")
        .hasMessageContaining("not loaded: plugin " + TestPlugins.FromTheFuture.class.getName());
  }

  @Test
  void aFactoryWhoseConstructorThrowsBreaksItsPluginInOneLine() {
    PluginRegistry registry = PluginRegistry.of(List.of(new TestPlugins.Exploding(), new TestPlugins.Targets()));
    String line = "plugin " + TestPlugins.Exploding.class.getName() + " (class path) is broken: its target factory"
        + " 'test-exploding' (" + TestPlugins.ExplodingFactory.class.getName() + ") could not be constructed:"
        + " IllegalStateException: no licence file for test-exploding";
    assertThat(registry.broken()).extracting(BrokenPlugin::line).containsExactly(line);
    // both of its names are refused with that line; the other plugin is untouched
    assertThatThrownBy(() -> registry.factory(Spi.TARGET, "test-exploding")).hasMessage(line);
    assertThatThrownBy(() -> registry.factory(Spi.TARGET, "test-calm")).hasMessage(line);
    assertThat(registry.names(Spi.TARGET)).containsExactly("test-gaussian", "test-nan");
  }

  @Test
  void aConfigureThatThrowsBreaksItsPlugin() {
    PluginRegistry registry = PluginRegistry.of(List.of(new TestPlugins.FailingConfigure()));
    assertThat(registry.broken()).extracting(BrokenPlugin::line).containsExactly("plugin "
        + TestPlugins.FailingConfigure.class.getName() + " (class path) is broken: configure() failed:"
        + " IllegalStateException: configuration file missing");
    assertThatThrownBy(() -> registry.factory(Spi.TARGET, "test-half"))
        .isInstanceOf(PluginLoadException.class).hasMessageContaining("configuration file missing");
  }

  @Test
  void configuringThePluginInstanceTwiceKeepsOneSetOfRegistrations() {
    TestPlugins.Targets plugin = new TestPlugins.Targets();
    Elements.getElements(plugin);
    Elements.getElements(plugin);
    assertThat(plugin.registrations()).extracting(r -> r.name()).containsExactly("test-gaussian", "test-nan");

    PluginRegistry first = PluginRegistry.of(List.of(plugin));
    PluginRegistry second = PluginRegistry.of(List.of(plugin));
    assertThat(first.broken()).isEmpty();
    assertThat(second.broken()).isEmpty();
    assertThat(second.registrations()).hasSize(2);
    assertThat(second.factory(Spi.TARGET, "test-gaussian").description()).isEqualTo("test Gaussian");
  }

  @Test
  void factoriesAreBuiltThroughTheirPluginsInjectors() {
    PluginRegistry registry = PluginRegistry.of(List.of(new ControlPlugin(), new SdeForwardPlugin(),
        new TestPlugins.Targets()));
    assertThat(registry.factory(Spi.TARGET, "test-gaussian").description()).isEqualTo("test Gaussian");
    assertThat(registry.registration(Spi.METHOD, "langevin").plugin()).isEqualTo(ControlPlugin.class);
  }
}

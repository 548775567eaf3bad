package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.Registration;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.plugin.PluginRegistry;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every module's plugin is found on the launcher's class path and all of them build one injector. */
class PluginDiscoveryTest {

  private final PluginRegistry registry = PluginRegistry.load();

  @Test
  void everyModuleRegistersItsPlugin() {
    assertThat(registry.plugins()).extracting(p -> p.getClass().getName()).containsExactlyInAnyOrder(
        "io.driftkit.models.ModelsPlugin", "io.driftkit.targets.TargetsPlugin",
        "io.driftkit.sde.SdeForwardPlugin", "io.driftkit.control.ControlPlugin",
        "io.driftkit.interpolants.InterpolantsPlugin", "io.driftkit.bridge.SchrodingerBridgePlugin",
        "io.driftkit.deterministic.DeterministicSamplersPlugin");
  }

  @Test
  void theHostRegistersNothing() {
    assertThat(registry.registrations()).noneMatch(r -> r.plugin().getName().startsWith("io.driftkit.core."));
  }

  @Test
  void namesAreUniquePerSpi() {
    Map<String, Long> counts = registry.registrations().stream()
        .collect(Collectors.groupingBy(r -> r.spi() + ":" + r.name(), Collectors.counting()));
    assertThat(counts.values()).allMatch(c -> c == 1);
    assertThat(registry.names(Spi.TARGET)).contains("gaussian", "gmm-grid");
    assertThat(registry.names(Spi.METHOD)).contains("langevin");
  }

  /**
   * Describe round trip: every factory documents every key, its defaults parse, and feeding the effective settings
   * back in reproduces them.
   */
  @Test
  void everySettingIsDocumentedAndItsDefaultsRoundTrip() {
    for (Registration r : registry.registrations()) {
      ComponentFactory<?> f = registry.factory(r.spi(), r.name());
      assertThat(f.description()).as(r.name()).isNotBlank();
      boolean hasRequired = false;
      for (Setting<?> s : f.settings()) {
        assertThat(s.doc()).as(r.name() + "." + s.key()).isNotBlank();
        hasRequired |= s.required();
      }
      if (!hasRequired) {
        Settings defaults = Settings.of(r.name(), r.spi().key() + ".", Map.of(), f.settings());
        assertThat(defaults.effective().keySet()).as(r.name())
            .containsExactlyInAnyOrderElementsOf(f.settings().stream().map(Setting::key).toList());
        Settings again = Settings.of(r.name(), r.spi().key() + ".", defaults.effective(), f.settings());
        assertThat(again.effective()).isEqualTo(defaults.effective());
      }
    }
  }
}

package io.driftkit.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ModelsPluginDiscoveryTest {

  @Test
  void serviceLoaderFindsThePluginCompiledAgainstTheCurrentSpi() {
    DriftkitPlugin plugin = ServiceLoader.load(DriftkitPlugin.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof ModelsPlugin).findFirst().orElseThrow();
    assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
    assertThat(plugin.moduleName()).isEqualTo("models");
  }
}

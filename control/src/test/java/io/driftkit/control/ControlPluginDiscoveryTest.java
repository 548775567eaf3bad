package io.driftkit.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ControlPluginDiscoveryTest {

  @Test
  void serviceLoaderFindsThePluginCompiledAgainstTheCurrentSpi() {
    DriftkitPlugin plugin = ServiceLoader.load(DriftkitPlugin.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof ControlPlugin).findFirst().orElseThrow();
    assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
    assertThat(plugin.moduleName()).isEqualTo("control");
  }
}

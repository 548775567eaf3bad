package io.driftkit.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.Registration;
import io.driftkit.api.plugin.Spi;
import io.driftkit.control.ControlPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuiltInPluginsTest {

  /**
   * Every name driftkit's own plugins register, with the artifact of the module that registers it, and nothing
   * else: the list an unknown name's message reads. A plugin module named M is the artifact driftkit-M.
   */
  @Test
  void theCatalogueListsExactlyWhatTheBuiltInPluginsRegister() {
    PluginRegistry registry = PluginRegistry.load();
    Map<String, String> expected = new TreeMap<>();
    for (var plugin : registry.plugins()) {
      if (!plugin.getClass().getName().startsWith("io.driftkit.")) {
        continue;
      }
      String artifact = "io.driftkit:driftkit-" + plugin.moduleName();
      assertThat(Path.of("..", plugin.moduleName(), "pom.xml")).as("the module of %s", plugin.getClass()).exists();
      for (Registration r : plugin.registrations()) {
        expected.put(r.spi().key() + "." + r.name(), artifact);
      }
    }
    String wanted = expected.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
        .collect(Collectors.joining("\n"));
    assertThat(BuiltInPlugins.all()).as("core/src/main/resources/io/driftkit/core/plugin/%s should read:%n%s",
        BuiltInPlugins.RESOURCE, wanted).isEqualTo(expected);
  }

  @Test
  void aNameWhoseModuleIsMissingNamesTheArtifactToAdd() {
    PluginRegistry onlyControl = PluginRegistry.of(List.of(new ControlPlugin()));
    assertThatThrownBy(() -> onlyControl.factory(Spi.FORWARD, "vp"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown forward 'vp'; known: none - add io.driftkit:driftkit-sde-forward (or"
            + " io.driftkit:driftkit-all), which registers it");
    assertThatThrownBy(() -> onlyControl.factory(Spi.FORWARD, "vq")).hasMessage("unknown forward 'vq'; known: none");
  }
}

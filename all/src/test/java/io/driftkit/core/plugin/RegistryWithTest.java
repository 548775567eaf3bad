package io.driftkit.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.plugin.Spi;
import io.driftkit.core.testing.TestPlugins;
import org.junit.jupiter.api.Test;

/** {@link PluginRegistry#with}: a program adds its own plugins to the registry it loaded, without reloading it. */
class RegistryWithTest {

  @Test
  void anInCodePluginJoinsTheLoadedRegistryWhichStaysAsItWas() {
    PluginRegistry loaded = PluginRegistry.load();
    PluginRegistry more = loaded.with(new TestPlugins.Targets());
    assertThat(more.names(Spi.TARGET)).contains("test-gaussian", "funnel");
    assertThat(more.factory(Spi.METHOD, "dis")).isSameAs(loaded.factory(Spi.METHOD, "dis"));
    assertThat(loaded.names(Spi.TARGET)).doesNotContain("test-gaussian");
    assertThat(more.broken()).isEmpty();
    // again, from the same loaded registry: nothing of the first addition is left in it
    assertThat(loaded.with(new TestPlugins.Targets()).broken()).isEmpty();
  }

  @Test
  void aNameTheRegistryHasIsRefusedAsAtLoading() {
    PluginRegistry base = PluginRegistry.of(java.util.List.of(new TestPlugins.Targets()));
    PluginRegistry clash = base.with(new TestPlugins.Duplicate());
    assertThat(clash.broken()).singleElement().satisfies(b -> assertThat(b.line())
        .contains(TestPlugins.Duplicate.class.getName()).contains("registered first"));
    assertThatThrownBy(() -> clash.factory(Spi.TARGET, "test-gaussian")).isInstanceOf(PluginLoadException.class);
    assertThat(base.factory(Spi.TARGET, "test-gaussian")).isNotNull();
  }
}

package io.driftkit.sde;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import io.driftkit.api.plugin.Registration;
import org.junit.jupiter.api.Test;

class SdeForwardPluginTest {

  @Test
  void registersForwardProcessesTheLossAndTheMethod() {
    SdeForwardPlugin plugin = new SdeForwardPlugin();
    Guice.createInjector(plugin);
    assertThat(plugin.registrations().stream().map(r -> r.spi() + ":" + r.name()))
        .containsExactlyInAnyOrder("forward:vp", "forward:sub-vp", "forward:ve", "forward:ou", "forward:scaled-bm",
            "forward:tanh", "integrator:euler-maruyama", "integrator:stochastic-heun", "integrator:exponential",
            "integrator:ancestral", "loss:dsm", "loss:dsm-fp", "method:score-sde");
    assertThat(plugin.registrations()).extracting(Registration::plugin).containsOnly(SdeForwardPlugin.class);
  }
}

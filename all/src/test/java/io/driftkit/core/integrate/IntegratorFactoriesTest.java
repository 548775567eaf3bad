package io.driftkit.core.integrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.deterministic.integrate.OdeIntegrators;
import io.driftkit.sde.integrate.SdeIntegrators;
import io.driftkit.toolkit.integrate.ButcherTableau;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegratorFactoriesTest {

  private static Integrator make(ComponentFactory<Integrator> f, Map<String, String> given) {
    return f.create(Settings.of("integrator", "integrator.", given, f.settings()), null);
  }

  @Test
  void gridKeyChoosesTheSpacing() {
    Integrator karras = make(OdeIntegrators.rungeKutta(ButcherTableau.HEUN), Map.of("steps", "10",
        "grid", "karras"));
    TimeGrid grid = karras.grid(0.002, 80);
    assertThat(grid.steps()).isEqualTo(10);
    // EDM's rho = 7 spacing: (0.002^(1/7) + 0.1 (80^(1/7) - 0.002^(1/7)))^7
    double a = Math.pow(0.002, 1 / 7.0);
    double b = Math.pow(80, 1 / 7.0);
    assertThat(grid.time(1)).isCloseTo(Math.pow(a + 0.1 * (b - a), 7), within(1e-12));
    assertThat(make(SdeIntegrators.eulerMaruyama(), Map.of("grid", "cosine")).grid(0, 1).steps())
        .isEqualTo(100);
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> make(SdeIntegrators.stochasticHeun(), Map.of("steps", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.steps");
    assertThatThrownBy(() -> make(new OdeIntegrators.Rk45(), Map.of("rtol", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.rtol");
    assertThatThrownBy(() -> make(new OdeIntegrators.Rk45(), Map.of("steps", "10")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.steps");
    assertThat(make(new OdeIntegrators.Rk45(), Map.of()).kind()).isEqualTo(Integrator.Kind.ODE);
  }
}

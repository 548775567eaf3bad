package org.example.banana;

import io.driftkit.api.Integrator;
import io.driftkit.api.Target;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.testkit.OdeIntegratorContract;
import io.driftkit.testkit.SdeIntegratorContract;
import io.driftkit.testkit.SettingsContract;
import io.driftkit.testkit.TargetContract;
import org.junit.jupiter.api.Nested;

/** The kit's contracts for both components and their settings. */
class BananaPluginTest {

  @Nested
  class WideGaussianTarget extends TargetContract {
    @Override
    protected Target target() {
      return new WideGaussian(3);
    }
  }

  @Nested
  class Ralston extends OdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new RalstonIntegrator(steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int order() {
      return 2;
    }

    @Override
    protected int evaluationsPerStep() {
      return 2;
    }
  }

  @Nested
  class MidpointEm extends SdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new MidpointEulerMaruyama(steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int weakOrder() {
      return 1;
    }

    @Override
    protected int evaluationsPerStep() {
      return 1;
    }
  }

  @Nested
  class WideGaussianSettings extends SettingsContract {
    @Override
    protected ComponentFactory<?> factory() {
      return new WideGaussian.Factory();
    }

    @Override
    protected String prefix() {
      return "target.";
    }
  }

  @Nested
  class RalstonSettings extends SettingsContract {
    @Override
    protected ComponentFactory<?> factory() {
      return RalstonIntegrator.factory();
    }

    @Override
    protected String prefix() {
      return "integrator.";
    }
  }
}

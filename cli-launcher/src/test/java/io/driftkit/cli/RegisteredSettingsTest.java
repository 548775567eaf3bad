package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Interpolant;
import io.driftkit.api.Target;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.testkit.FakeComponentContext;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.testkit.SettingsContract;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * The kit's settings contract over every factory registered on the class path (every plugin module), with the
 * text {@code driftkit describe} prints. Components are built from their defaults in a context holding the 3x3 grid
 * mixture, the default {@code vp} forward process and the default {@code linear} interpolant; targets are built from
 * their defaults by the targets module's contract test already (lgcp alone takes seconds), so not again here.
 */
class RegisteredSettingsTest {

  @TestFactory
  Stream<DynamicContainer> everyRegisteredFactoryMeetsTheSettingsContract() {
    PluginRegistry registry = PluginRegistry.load();
    Target target = MixtureTarget.grid();
    ComponentFactory<ForwardProcess> vp = registry.factory(Spi.FORWARD, "vp");
    ForwardProcess forward = vp.create(Settings.of("forward 'vp'", "forward.", Map.of(), vp.settings()),
        new FakeComponentContext().withTarget(target));
    ComponentFactory<Interpolant> linear = registry.factory(Spi.INTERPOLANT, "linear");
    Interpolant interpolant = linear.create(Settings.of("interpolant 'linear'", "interpolant.", Map.of(),
        linear.settings()), new FakeComponentContext().withTarget(target));
    Supplier<ComponentContext> context = () -> new FakeComponentContext().withTarget(target).withForward(forward)
        .withInterpolant(interpolant);
    // the closed-form Schroedinger bridge exists between Gaussians only, so it is built beside a one-component target
    Target gaussian = MixtureTarget.gaussian(new double[] {1, -1}, new double[] {0.5, 2});
    Supplier<ComponentContext> gaussianContext =
        () -> new FakeComponentContext().withTarget(gaussian).withForward(forward);
    List<DynamicContainer> all = new ArrayList<>();
    for (Spi<?> spi : Spi.ALL) {
      for (String name : registry.names(spi)) {
        ComponentFactory<?> factory = registry.factory(spi, name);
        StringWriter describe = new StringWriter();
        DescribeCommand.print(spi, name, factory, new PrintWriter(describe));
        SettingsContract contract = SettingsContract.of(factory, spi.key() + ".",
            spi == Spi.TARGET ? null : name.equals("oracle-bridge") ? gaussianContext : context, Set.of(),
            describe.toString());
        all.add(DynamicContainer.dynamicContainer(spi.key() + " " + name, contract.dynamicTests()));
      }
    }
    assertThat(all).hasSizeGreaterThan(30);
    return all.stream();
  }
}

package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The settings contract passes a well-made factory and fails each defect it names. */
class SettingsContractSelfTest {

  /** A factory of strings built from the given settings. */
  static ComponentFactory<String> factory(Setting<?>... settings) {
    return new ComponentFactory<>() {
      @Override
      public String description() {
        return "a test factory";
      }

      @Override
      public List<Setting<?>> settings() {
        return List.of(settings);
      }

      @Override
      public String create(Settings s, ComponentContext c) {
        return s.effective().toString();
      }
    };
  }

  static final ComponentFactory<String> GOOD = factory(Setting.integer("steps", 10, "number of steps").atLeast(1),
      Setting.real("scale", 2.0, "a scale").greaterThan(0), Setting.reals("means", "0,1", "the means"),
      Setting.bool("fast", false, "go fast"), Setting.choice("mode", "a", "the mode", "a", "b"),
      Setting.text("label", "", "free text"));

  @Nested
  class AWellMadeFactory extends SettingsContract {
    @Override
    protected ComponentFactory<?> factory() {
      return GOOD;
    }

    @Override
    protected String prefix() {
      return "model.";
    }
  }

  private static SettingsContract contract(ComponentFactory<?> f, Set<String> nonFinite) {
    return SettingsContract.of(f, "model.", FakeComponentContext::new, nonFinite, null);
  }

  @Test
  void aRealKeyAcceptingNaNMustBeDeclared() {
    ComponentFactory<String> lenient = factory(Setting.real("bound", 1.0, "an upper bound").allowingNonFinite());
    assertThatThrownBy(contract(lenient, Set.of())::nonFiniteRealsAreRefusedNamingTheKey)
        .isInstanceOf(AssertionError.class).hasMessageContaining("bound = NaN");
    contract(lenient, Set.of("bound")).nonFiniteRealsAreRefusedNamingTheKey();
  }

  @Test
  void anUndocumentedKeyFails() {
    assertThatThrownBy(contract(factory(Setting.integer("n", 1, " ")), Set.of())::everyKeyIsNamedTypedAndDocumented)
        .isInstanceOf(AssertionError.class).hasMessageContaining("documentation of 'n'");
  }

  @Test
  void aDefaultOutsideTheChoicesFails() {
    ComponentFactory<String> bad = factory(Setting.choice("mode", "fast", "the mode", "slow", "safe"));
    assertThatThrownBy(contract(bad, Set.of())::defaultsParseAndSurviveTheRoundTrip)
        .hasMessageContaining("model.mode");
  }

  @Test
  void describeOutputMissingAKeyFails() {
    SettingsContract c = SettingsContract.of(GOOD, "model.", null, Set.of(), "model.steps = 10\n  number of steps");
    assertThatThrownBy(c::describeListsEveryKeyWithItsDefault).isInstanceOf(AssertionError.class)
        .hasMessageContaining("model.scale = 2.0");
  }

  @Test
  void theFakeContextGivesARunsStreamsAndRemembersThem() {
    FakeComponentContext context = new FakeComponentContext().withSeed(9);
    assertThat(context.random("weights").nextDouble())
        .isEqualTo(new io.driftkit.api.RandomSource(9).split("init").split("weights").nextDouble());
    assertThat(context.streamsRequested()).containsExactly("weights");
    assertThatThrownBy(context::target).hasMessageContaining("withTarget");
    assertThat(context.forward()).isEmpty();
  }
}

package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link ComponentFactory}'s settings, as a run and {@code driftkit describe} use them: strict
 * keys (an unknown key is refused, naming it), a documented key for every setting, defaults that parse and survive
 * the round trip through {@code run.properties}, NaN and infinities refused for every real key unless the setting
 * declares {@link Setting#allowingNonFinite()} (listed in {@link #nonFiniteAllowed()}), a value of the wrong type
 * refused naming the key, the component built from its defaults, and (where the host is on the test class path)
 * the describe output listing every key with its default.
 *
 * <p>For one factory, subclass it; for all factories of a registry, {@link #of} and {@link #dynamicTests()}.
 */
public abstract class SettingsContract {

  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  private static final List<String> NON_FINITE = List.of("NaN", "Infinity", "-Infinity");

  /** The factory under test. */
  protected abstract ComponentFactory<?> factory();

  /** The prefix users write before the keys, e.g. {@code "target."}. */
  protected String prefix() {
    return "component.";
  }

  /** The context the factory builds in; give it a target when the component needs one. */
  protected ComponentContext context() {
    return new FakeComponentContext();
  }

  /** Values for the required keys (those without a default), so that the rest can be checked. */
  protected Map<String, String> requiredValues() {
    return Map.of();
  }

  /** Real keys whose setting accepts NaN and infinities on purpose. */
  protected Set<String> nonFiniteAllowed() {
    return Set.of();
  }

  /** Whether the factory must build its component from the defaults (and {@link #requiredValues()}). */
  protected boolean buildsFromDefaults() {
    return true;
  }

  /** What {@code driftkit describe} prints for this component, where the host is available to the test. */
  protected Optional<String> describeOutput() {
    return Optional.empty();
  }

  private String owner() {
    return "component '" + prefix() + "'";
  }

  private Settings settingsOf(Map<String, String> given) {
    return Settings.of(owner(), prefix(), given, factory().settings());
  }

  @Test
  public void everyKeyIsNamedTypedAndDocumented() {
    Set<String> seen = new HashSet<>();
    for (Setting<?> s : factory().settings()) {
      assertThat(s.key()).as("key").matches(KEY);
      assertThat(seen.add(s.key())).as("key '%s' declared once", s.key()).isTrue();
      assertThat(s.doc()).as("documentation of '%s'", s.key()).isNotBlank();
      assertThat(s.type()).as("type of '%s'", s.key()).isNotBlank();
    }
    assertThat(factory().description()).as("description").isNotBlank();
  }

  @Test
  public void anUnknownKeyIsRefusedNamingIt() {
    Map<String, String> given = new LinkedHashMap<>(requiredValues());
    given.put("no-such-key", "1");
    assertThatThrownBy(() -> settingsOf(given)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'" + prefix() + "no-such-key'");
  }

  @Test
  public void defaultsParseAndSurviveTheRoundTrip() {
    for (Setting<?> s : factory().settings()) {
      if (!s.required()) {
        s.parse(prefix() + s.key(), s.defaultValue());
      } else {
        assertThat(requiredValues()).as("a value for the required key '%s' (requiredValues())", s.key())
            .containsKey(s.key());
      }
    }
    Map<String, String> effective = settingsOf(requiredValues()).effective();
    assertThat(effective.keySet()).as("every key has an effective value")
        .containsExactlyInAnyOrderElementsOf(factory().settings().stream().map(Setting::key).toList());
    // what run.properties records must read back to the same values
    assertThat(settingsOf(effective).effective()).isEqualTo(effective);
  }

  @Test
  public void nonFiniteRealsAreRefusedNamingTheKey() {
    for (Setting<?> s : factory().settings()) {
      boolean real = s.type().startsWith("real");
      boolean reals = s.type().startsWith("list of reals");
      if (!(real || reals) || nonFiniteAllowed().contains(s.key())) {
        continue;
      }
      for (String bad : NON_FINITE) {
        Map<String, String> given = new LinkedHashMap<>(requiredValues());
        given.put(s.key(), reals ? "1," + bad : bad);
        assertThat(catchThrowable(() -> settingsOf(given))).as("%s = %s is refused", s.key(), bad)
            .isInstanceOf(ConfigException.class).hasMessageContaining("'" + prefix() + s.key() + "'");
      }
    }
  }

  @Test
  public void aValueOfTheWrongTypeIsRefusedNamingTheKey() {
    for (Setting<?> s : factory().settings()) {
      // any text names a path or is a string; whether the file exists is checked where it is read
      if (s.type().startsWith("string") || s.isPath() || s.isPathOrName()) {
        continue;
      }
      Map<String, String> given = new LinkedHashMap<>(requiredValues());
      given.put(s.key(), "not-a-value");
      assertThat(catchThrowable(() -> settingsOf(given))).as("%s = not-a-value is refused", s.key())
          .isInstanceOf(ConfigException.class).hasMessageContaining("'" + prefix() + s.key() + "'");
    }
  }

  @Test
  public void buildsFromItsDefaults() {
    assumeTrue(buildsFromDefaults(), "the component needs more than its defaults to build");
    assertThat((Object) factory().create(settingsOf(requiredValues()), context())).isNotNull();
  }

  @Test
  public void describeListsEveryKeyWithItsDefault() {
    Optional<String> out = describeOutput();
    assumeTrue(out.isPresent(), "no describe output (the host is not on the test class path)");
    for (Setting<?> s : factory().settings()) {
      assertThat(out.get()).as("describe output").contains(prefix() + s.key() + " = "
          + (s.required() ? "(required)" : s.defaultValue()));
      assertThat(out.get()).contains(s.doc());
    }
  }

  /** Every check above as dynamic tests, for a registry-wide {@code @TestFactory}. */
  public Stream<DynamicTest> dynamicTests() {
    return Stream.of(
        DynamicTest.dynamicTest("keys named, typed and documented", this::everyKeyIsNamedTypedAndDocumented),
        DynamicTest.dynamicTest("unknown key refused", this::anUnknownKeyIsRefusedNamingIt),
        DynamicTest.dynamicTest("defaults round-trip", this::defaultsParseAndSurviveTheRoundTrip),
        DynamicTest.dynamicTest("non-finite reals refused", this::nonFiniteRealsAreRefusedNamingTheKey),
        DynamicTest.dynamicTest("wrong type refused", this::aValueOfTheWrongTypeIsRefusedNamingTheKey),
        DynamicTest.dynamicTest("builds from defaults", this::buildsFromItsDefaults),
        DynamicTest.dynamicTest("describe lists every key", this::describeListsEveryKeyWithItsDefault));
  }

  /**
   * The contract for one factory.
   *
   * @param prefix e.g. {@code "target."}
   * @param context the context to build in, or null to skip building (components that need a whole run)
   * @param describe the describe output, or null
   */
  public static SettingsContract of(ComponentFactory<?> factory, String prefix, Supplier<ComponentContext> context,
      Set<String> nonFiniteAllowed, String describe) {
    return new SettingsContract() {
      @Override
      protected ComponentFactory<?> factory() {
        return factory;
      }

      @Override
      protected String prefix() {
        return prefix;
      }

      @Override
      protected ComponentContext context() {
        return context.get();
      }

      @Override
      protected boolean buildsFromDefaults() {
        return context != null;
      }

      @Override
      protected Set<String> nonFiniteAllowed() {
        return nonFiniteAllowed;
      }

      @Override
      protected Optional<String> describeOutput() {
        return Optional.ofNullable(describe);
      }
    };
  }
}

package io.driftkit.core.plugin;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.Message;
import com.google.inject.util.Types;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.Registration;
import io.driftkit.api.plugin.Spi;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.core.provenance.Versions;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Installs plugins one at a time, each in isolation: it is instantiated, configured into its own list of Guice
 * elements, checked against the names earlier plugins registered, built in a child injector of one shared parent,
 * and its factories constructed. The first step that fails marks the plugin broken with one line; nothing it did
 * reaches the other plugins.
 */
final class PluginInstaller {

  /** The parent of every plugin's injector: where services the host offers every plugin are bound. */
  private final Injector host = Guice.createInjector();

  private final List<DriftkitPlugin> plugins = new ArrayList<>();
  private final List<PluginInfo> loaded = new ArrayList<>();
  private final List<BrokenPlugin> broken = new ArrayList<>();
  private final List<Registration> registrations = new ArrayList<>();
  /** Every name any plugin registered (broken or not), with the first plugin to register it and its source. */
  private final Map<String, Claim> claims = new HashMap<>();
  private final Map<Spi<?>, Map<String, ComponentFactory<?>>> factories = new LinkedHashMap<>();
  private final Map<Spi<?>, Map<String, BrokenPlugin>> refused = new LinkedHashMap<>();

  private record Claim(Registration registration, String source) {}

  /** Why a plugin is broken, as the cause part of its line. */
  private static final class Broken extends Exception {
    Broken(String cause) {
      super(cause, null, false, false);
    }
  }

  PluginInstaller() {
    for (Spi<?> spi : Spi.ALL) {
      factories.put(spi, new TreeMap<>());
      refused.put(spi, new TreeMap<>());
    }
  }

  /** Records a plugin directory or services file that yielded no plugin. */
  void broken(BrokenPlugin b) {
    broken.add(b);
  }

  /** Loads, instantiates and installs the plugin a services file names. */
  void install(PluginDiscovery.Candidate candidate) {
    DriftkitPlugin plugin;
    try {
      plugin = withContextLoader(candidate.loader(), () -> instantiate(candidate));
    } catch (Broken e) {
      broken.add(new BrokenPlugin(candidate.className(), candidate.source(), e.getMessage()));
      return;
    }
    install(plugin, candidate.source());
  }

  /** Installs a plugin instance from the class path. */
  void install(DriftkitPlugin plugin) {
    install(plugin, Versions.sourceOf(plugin.getClass()));
  }

  private void install(DriftkitPlugin plugin, String source) {
    String name = plugin.getClass().getName();
    List<Registration> names = List.of();
    try {
      if (plugin.spiVersion() != SpiVersion.CURRENT) {
        throw new Broken("it was compiled against SPI version " + plugin.spiVersion() + ", but this driftkit has"
            + " SPI version " + SpiVersion.CURRENT + "; rebuild it against driftkit-api " + SpiVersion.CURRENT);
      }
      List<Element> elements = withContextLoader(plugin.getClass().getClassLoader(), () -> configure(plugin));
      List<Registration> registered = plugin.registrations();
      names = registered;
      claim(registered, source);
      Map<Spi<?>, Map<String, ComponentFactory<?>>> built =
          withContextLoader(plugin.getClass().getClassLoader(), () -> build(elements, registered));
      built.forEach((spi, byName) -> factories.get(spi).putAll(byName));
      plugins.add(plugin);
      registrations.addAll(registered);
      loaded.add(new PluginInfo(name, source, Versions.of(plugin.getClass())));
    } catch (Broken e) {
      BrokenPlugin b = new BrokenPlugin(name, source, e.getMessage());
      broken.add(b);
      // a configure() that threw part-way still registered the names before the failure
      List<Registration> known = names.isEmpty() && plugin.spiVersion() == SpiVersion.CURRENT
          ? plugin.registrations() : names;
      for (Registration r : known) {
        refused.get(r.spi()).putIfAbsent(r.name(), b);
      }
    }
    // a name two plugins registered is nobody's: a run that names it is refused with the second plugin's line
    refused.forEach((spi, byName) -> byName.keySet().forEach(n -> factories.get(spi).remove(n)));
    registrations.removeIf(r -> refused.get(r.spi()).containsKey(r.name()));
  }

  private static DriftkitPlugin instantiate(PluginDiscovery.Candidate c) throws Broken {
    Class<?> type;
    try {
      type = Class.forName(c.className(), false, c.loader());
    } catch (ClassNotFoundException e) {
      throw new Broken("the class is not in its jars");
    } catch (LinkageError e) {
      throw new Broken("the class cannot be loaded: " + Failures.oneLine(e));
    }
    if (!DriftkitPlugin.class.isAssignableFrom(type)) {
      throw new Broken("it does not extend " + DriftkitPlugin.class.getName());
    }
    try {
      return (DriftkitPlugin) type.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new Broken("it has no public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw new Broken("its constructor threw " + Failures.oneLine(e.getCause()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new Broken("it cannot be instantiated: " + Failures.oneLine(e));
    }
  }

  /** Runs the plugin's {@code configure()} once, recording its bindings; Guice keeps what it throws as messages. */
  private static List<Element> configure(DriftkitPlugin plugin) throws Broken {
    List<Element> elements;
    try {
      elements = Elements.getElements(plugin);
    } catch (RuntimeException | LinkageError e) {
      throw new Broken("configure() failed: " + Failures.oneLine(e));
    }
    for (Element e : elements) {
      if (e instanceof Message m) {
        throw new Broken("configure() failed: " + (m.getCause() != null ? Failures.oneLine(m.getCause())
            : m.getMessage().strip().lines().findFirst().orElse("")));
      }
    }
    return elements;
  }

  /** Refuses a name registered before, by this plugin or another (recording every name as claimed). */
  private void claim(List<Registration> names, String source) throws Broken {
    Broken first = null;
    for (Registration r : names) {
      String key = r.spi().key() + ":" + r.name();
      Claim previous = claims.putIfAbsent(key, new Claim(r, source));
      if (previous != null && first == null) {
        first = new Broken(previous.registration().plugin() == r.plugin()
            ? "it registers " + r.spi() + " '" + r.name() + "' twice"
            : "it registers " + r.spi() + " '" + r.name() + "', which " + previous.registration().plugin().getName()
                + " (" + previous.source() + ") registered first");
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The plugin's own child injector, and every factory it binds constructed. */
  private Map<Spi<?>, Map<String, ComponentFactory<?>>> build(List<Element> elements, List<Registration> names)
      throws Broken {
    Injector injector;
    try {
      injector = host.createChildInjector(Elements.getModule(elements));
    } catch (RuntimeException | LinkageError e) {
      throw new Broken("its bindings are invalid: " + Failures.oneLine(e));
    }
    Map<Spi<?>, Map<String, ComponentFactory<?>>> built = new LinkedHashMap<>();
    for (Spi<?> spi : Spi.ALL) {
      Map<String, Provider<ComponentFactory<?>>> providers = providers(injector, spi);
      Map<String, ComponentFactory<?>> byName = new TreeMap<>();
      for (Map.Entry<String, Provider<ComponentFactory<?>>> e : providers.entrySet()) {
        try {
          byName.put(e.getKey(), e.getValue().get());
        } catch (RuntimeException | LinkageError failure) {
          String factory = names.stream().filter(r -> r.spi() == spi && r.name().equals(e.getKey()))
              .map(r -> " (" + r.factory().getName() + ")").findFirst().orElse("");
          throw new Broken("its " + spi + " factory '" + e.getKey() + "'" + factory + " could not be constructed: "
              + Failures.oneLine(failure));
        }
      }
      built.put(spi, byName);
    }
    return built;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Provider<ComponentFactory<?>>> providers(Injector injector, Spi<?> spi) {
    Key<?> key = Key.get(Types.mapOf(String.class,
        Types.providerOf(DriftkitPlugin.factoryType(spi).getType())));
    if (injector.getExistingBinding(key) == null) {
      return Map.of();
    }
    return (Map<String, Provider<ComponentFactory<?>>>) injector.getInstance(key);
  }

  private interface Step<T> {
    T run() throws Broken;
  }

  /** Plugin code runs with its own loader as the context loader, as code that looks resources up that way expects. */
  private static <T> T withContextLoader(ClassLoader loader, Step<T> step) throws Broken {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return step.run();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  List<DriftkitPlugin> plugins() {
    return plugins;
  }

  List<PluginInfo> loaded() {
    return loaded;
  }

  List<BrokenPlugin> broken() {
    return broken;
  }

  List<Registration> registrations() {
    return registrations;
  }

  Map<Spi<?>, Map<String, ComponentFactory<?>>> factories() {
    Map<Spi<?>, Map<String, ComponentFactory<?>>> copy = new LinkedHashMap<>();
    factories.forEach((spi, m) -> copy.put(spi, Collections.unmodifiableMap(new TreeMap<>(m))));
    return copy;
  }

  Map<Spi<?>, Map<String, BrokenPlugin>> refused() {
    Map<Spi<?>, Map<String, BrokenPlugin>> copy = new LinkedHashMap<>();
    refused.forEach((spi, m) -> copy.put(spi, Map.copyOf(m)));
    return copy;
  }
}

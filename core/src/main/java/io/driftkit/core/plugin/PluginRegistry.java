package io.driftkit.core.plugin;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.util.Types;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.Registration;
import io.driftkit.api.plugin.Spi;
import io.driftkit.api.plugin.SpiVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every plugin on a class path, installed into one Guice injector, with its factories resolvable by SPI and name.
 * Loading refuses plugins built against another SPI version, names registered twice, and providers that fail to
 * load, each with a message naming the classes involved.
 */
public final class PluginRegistry {

  private final List<DriftkitPlugin> plugins;
  private final List<Registration> registrations;
  private final Map<Spi<?>, Map<String, ComponentFactory<?>>> factories;

  private PluginRegistry(List<DriftkitPlugin> plugins, List<Registration> registrations,
      Map<Spi<?>, Map<String, ComponentFactory<?>>> factories) {
    this.plugins = plugins;
    this.registrations = registrations;
    this.factories = factories;
  }

  /** The plugins {@link ServiceLoader} finds through {@code loader}. */
  public static PluginRegistry load(ClassLoader loader) {
    List<DriftkitPlugin> found = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Iterator<DriftkitPlugin> it = ServiceLoader.load(DriftkitPlugin.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        failures.add(e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
      }
    }
    if (!failures.isEmpty()) {
      throw new PluginLoadException("could not load plugin(s): " + String.join("; ", failures));
    }
    return of(found);
  }

  /**
   * The plugins visible to the thread's context class loader (so a host application, or a test, can add plugin
   * jars through its own loader), falling back to this class's loader.
   */
  public static PluginRegistry load() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return load(context != null ? context : PluginRegistry.class.getClassLoader());
  }

  /** A registry of exactly these plugins. */
  public static PluginRegistry of(List<? extends DriftkitPlugin> plugins) {
    List<DriftkitPlugin> sorted = new ArrayList<>(plugins);
    sorted.sort((a, b) -> a.getClass().getName().compareTo(b.getClass().getName()));
    for (DriftkitPlugin p : sorted) {
      if (p.spiVersion() != SpiVersion.CURRENT) {
        throw new PluginLoadException("plugin " + p.getClass().getName() + " was compiled against SPI version "
            + p.spiVersion() + ", but this driftkit has SPI version " + SpiVersion.CURRENT
            + "; rebuild the plugin against driftkit-api " + SpiVersion.CURRENT);
      }
    }
    List<Element> elements = new ArrayList<>();
    List<Registration> registrations = new ArrayList<>();
    Map<String, Registration> byName = new HashMap<>();
    for (DriftkitPlugin p : sorted) {
      elements.addAll(Elements.getElements(p));
      for (Registration r : p.registrations()) {
        Registration previous = byName.put(r.spi().key() + ":" + r.name(), r);
        if (previous != null) {
          throw new PluginLoadException(r.spi() + " '" + r.name() + "' is registered twice: by "
              + previous.plugin().getName() + " (" + previous.factory().getName() + ") and by "
              + r.plugin().getName() + " (" + r.factory().getName() + ")");
        }
        registrations.add(r);
      }
    }
    Injector injector = Guice.createInjector(Elements.getModule(elements));
    Map<Spi<?>, Map<String, ComponentFactory<?>>> factories = new LinkedHashMap<>();
    for (Spi<?> spi : Spi.ALL) {
      factories.put(spi, Collections.unmodifiableMap(new TreeMap<>(factoriesOf(injector, spi))));
    }
    return new PluginRegistry(List.copyOf(sorted), List.copyOf(registrations), factories);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ComponentFactory<?>> factoriesOf(Injector injector, Spi<?> spi) {
    Key<?> key = Key.get(Types.mapOf(String.class, DriftkitPlugin.factoryType(spi).getType()));
    if (injector.getExistingBinding(key) == null) {
      return Map.of();
    }
    return (Map<String, ComponentFactory<?>>) injector.getInstance(key);
  }

  public List<DriftkitPlugin> plugins() {
    return plugins;
  }

  /** Every registered name, in plugin order. */
  public List<Registration> registrations() {
    return registrations;
  }

  /** The names registered for one SPI, sorted. */
  public List<String> names(Spi<?> spi) {
    return List.copyOf(factories.get(spi).keySet());
  }

  /** The registration of one name. */
  public Registration registration(Spi<?> spi, String name) {
    factory(spi, name);
    return registrations.stream().filter(r -> r.spi() == spi && r.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The factory registered under {@code name}.
   *
   * @throws ConfigException {@code unknown target 'funel'; known: funnel, gaussian, ...}
   */
  @SuppressWarnings("unchecked")
  public <T> ComponentFactory<T> factory(Spi<T> spi, String name) {
    ComponentFactory<?> f = factories.get(spi).get(name);
    if (f == null) {
      List<String> known = names(spi);
      throw new ConfigException("unknown " + spi + " '" + name + "'; known: "
          + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
    return (ComponentFactory<T>) f;
  }
}

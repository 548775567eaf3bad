package io.driftkit.core.plugin;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.Registration;
import io.driftkit.api.plugin.Spi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every plugin the host found, each loaded, configured and built on its own ({@link PluginInstaller}), with the
 * factories of the healthy ones resolvable by SPI and name. A plugin that fails, or registers a name another plugin
 * registered, is recorded as {@link BrokenPlugin broken}: commands that never touch it still work, and asking for
 * one of its names (or a name registered twice) is refused with its one line.
 */
public final class PluginRegistry implements AutoCloseable {

  private final List<DriftkitPlugin> plugins;
  private final List<PluginInfo> loaded;
  private final List<BrokenPlugin> broken;
  private final List<Registration> registrations;
  private final Map<Spi<?>, Map<String, ComponentFactory<?>>> factories;
  private final Map<Spi<?>, Map<String, BrokenPlugin>> refused;
  private final List<PluginClassLoader> loaders;

  PluginRegistry(PluginInstaller installed, List<PluginClassLoader> loaders) {
    this.plugins = List.copyOf(installed.plugins());
    this.loaded = List.copyOf(installed.loaded());
    this.broken = List.copyOf(installed.broken());
    this.registrations = List.copyOf(installed.registrations());
    this.factories = installed.factories();
    this.refused = installed.refused();
    this.loaders = List.copyOf(loaders);
  }

  /** The plugins the services files of {@code loader}'s class path name. */
  public static PluginRegistry load(ClassLoader loader) {
    return load(loader, List.of());
  }

  /**
   * The plugins visible to the thread's context class loader (so a host application, or a test, can add plugin
   * jars through its own loader), falling back to this class's loader.
   */
  public static PluginRegistry load() {
    return load(hostLoader(), List.of());
  }

  /**
   * The plugins on {@code host}'s class path, then those in every plugin directory under {@code roots}
   * ({@code ROOT/NAME/*.jar}, one class loader per {@code NAME}, its parent {@code host}).
   *
   * @throws ConfigException when a root is not a directory
   */
  public static PluginRegistry load(ClassLoader host, List<Path> roots) {
    PluginDiscovery.Found classPath = PluginDiscovery.classPath(host);
    PluginDiscovery.Found directories = PluginDiscovery.directories(roots, host);
    PluginInstaller installer = new PluginInstaller();
    classPath.broken().forEach(installer::broken);
    directories.broken().forEach(installer::broken);
    classPath.candidates().forEach(installer::install);
    directories.candidates().forEach(installer::install);
    return new PluginRegistry(installer, directories.loaders());
  }

  /**
   * A registry of exactly these plugins, installed in this order as {@link #load} would: of two plugins that
   * register the same name, the later one is broken.
   */
  public static PluginRegistry of(List<? extends DriftkitPlugin> plugins) {
    PluginInstaller installer = new PluginInstaller();
    plugins.forEach(installer::install);
    return new PluginRegistry(installer, List.of());
  }

  /** The loader {@link #load()} searches: the thread's context class loader, else this class's. */
  public static ClassLoader hostLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : PluginRegistry.class.getClassLoader();
  }

  /** The plugins that loaded and were built. */
  public List<DriftkitPlugin> plugins() {
    return plugins;
  }

  /** The plugins that loaded, with their jars and versions. */
  public List<PluginInfo> loaded() {
    return loaded;
  }

  /** The plugins that did not load, or registered a name another plugin registered first. */
  public List<BrokenPlugin> broken() {
    return broken;
  }

  /** Every usable name, in plugin order. */
  public List<Registration> registrations() {
    return registrations;
  }

  /** The usable names registered for one SPI, sorted. */
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
   * @throws PluginLoadException with the broken plugin's line, for a name of a broken plugin or a name registered
   *     twice
   * @throws ConfigException {@code unknown target 'funel'; known: funnel, gaussian, ...}
   */
  @SuppressWarnings("unchecked")
  public <T> ComponentFactory<T> factory(Spi<T> spi, String name) {
    BrokenPlugin refusal = refused.get(spi).get(name);
    if (refusal != null) {
      throw new PluginLoadException(refusal.line());
    }
    ComponentFactory<?> f = factories.get(spi).get(name);
    if (f == null) {
      List<String> known = names(spi);
      // a plugin that broke before registering anything may be the one that provides this name
      List<BrokenPlugin> nameless = broken.stream().filter(b -> refused.values().stream()
          .noneMatch(m -> m.containsValue(b))).toList();
      throw new ConfigException("unknown " + spi + " '" + name + "'; known: "
          + (known.isEmpty() ? "none" : String.join(", ", known))
          + (nameless.isEmpty() ? "" : "; not loaded: "
              + nameless.stream().map(BrokenPlugin::line).collect(Collectors.joining("; "))));
    }
    return (ComponentFactory<T>) f;
  }

  /** Closes the class loaders of plugin directories; the registry's factories must not be used afterwards. */
  @Override
  public void close() {
    for (PluginClassLoader loader : loaders) {
      try {
        loader.close();
      } catch (IOException e) {
        // nothing left to do with a jar that will not close; the process is done with it
      }
    }
  }
}

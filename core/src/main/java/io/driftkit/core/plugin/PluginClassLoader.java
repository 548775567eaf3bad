package io.driftkit.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin directory. What host and plugins exchange (driftkit's api and toolkit, ND4J with
 * its native bindings, Guice and the inject annotations, SLF4J) always comes from the host, so a type means the same
 * thing on both sides even when a plugin bundles a copy. The JDK comes from the platform. Everything else is looked
 * up in the plugin's own jars first and then on the host's class path, except driftkit's other modules, which a
 * plugin never sees: it meets them through the SPIs, by name.
 */
final class PluginClassLoader extends URLClassLoader {

  /** Packages (as class-name prefixes) that only the host provides. */
  static final List<String> SHARED = List.of("io.driftkit.api.", "io.driftkit.toolkit.", "org.nd4j.",
      "org.bytedeco.", "com.google.inject.", "jakarta.inject.", "javax.inject.", "org.aopalliance.", "org.slf4j.");
  private static final String DRIFTKIT = "io.driftkit.";
  private static final String DRIFTKIT_PATH = "io/driftkit/";

  private final ClassLoader host;

  /**
   * @param name the plugin directory, for messages
   * @param jars the directory's jars
   * @param host the loader of the host's class path
   */
  PluginClassLoader(String name, List<URL> jars, ClassLoader host) {
    super(name, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    this.host = host;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = shared(name) ? host.loadClass(name) : local(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private Class<?> local(String name) throws ClassNotFoundException {
    try {
      return getParent().loadClass(name); // the JDK
    } catch (ClassNotFoundException notJdk) {
      try {
        return findClass(name);
      } catch (ClassNotFoundException notOwn) {
        if (name.startsWith(DRIFTKIT)) {
          throw notOwn;
        }
        return host.loadClass(name);
      }
    }
  }

  @Override
  public URL getResource(String name) {
    if (sharedResource(name)) {
      return host.getResource(name);
    }
    URL own = findResource(name);
    if (own != null) {
      return own;
    }
    return name.startsWith(DRIFTKIT_PATH) ? getParent().getResource(name) : host.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (sharedResource(name)) {
      return host.getResources(name);
    }
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    if (!name.startsWith(DRIFTKIT_PATH)) {
      all.addAll(Collections.list(host.getResources(name)));
    }
    return Collections.enumeration(all);
  }

  /** The resources of this plugin's own jars only (how its {@code META-INF/services} entries are found). */
  List<URL> ownResources(String name) throws IOException {
    return Collections.list(findResources(name));
  }

  private static boolean shared(String className) {
    return SHARED.stream().anyMatch(className::startsWith);
  }

  private static boolean sharedResource(String path) {
    return SHARED.stream().anyMatch(p -> path.startsWith(p.replace('.', '/')));
  }
}

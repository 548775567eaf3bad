package io.driftkit.api.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.util.Types;
import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.Interpolant;
import io.driftkit.api.Loss;
import io.driftkit.api.Method;
import io.driftkit.api.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The base class of every plugin: a Guice module found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.driftkit.api.plugin.DriftkitPlugin}. In {@link #configure()} a plugin binds its
 * factories by name, for example {@code targets().bind("funnel", FunnelTarget.Factory.class)}; underneath there is
 * one {@link MapBinder} per {@link Spi}.
 *
 * <pre>{@code
 * public final class MyPlugin extends DriftkitPlugin {
 *   public MyPlugin() { super(SpiVersion.CURRENT); }
 *   protected void configure() { targets().bind("banana", BananaTarget.Factory.class); }
 * }
 * }</pre>
 */
public abstract class DriftkitPlugin extends AbstractModule {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final int spiVersion;
  private final List<Registration> registrations = new ArrayList<>();
  /** The binder of the configuration {@link #registrations} belong to; a new binder means a new configuration. */
  private Binder registeredWith;

  /**
   * @param compiledSpiVersion always {@link SpiVersion#CURRENT}: the value is fixed when the plugin is compiled
   */
  protected DriftkitPlugin(int compiledSpiVersion) {
    this.spiVersion = compiledSpiVersion;
  }

  /** The SPI version this plugin was compiled against. */
  public final int spiVersion() {
    return spiVersion;
  }

  /** A short name of the module or jar this plugin comes from, shown by {@code driftkit plugins}. */
  public String moduleName() {
    return getClass().getSimpleName();
  }

  /**
   * What the most recent {@link #configure()} registered (filled while Guice runs it). Configuring the same
   * instance again replaces the list rather than adding to it.
   */
  public final synchronized List<Registration> registrations() {
    return List.copyOf(registrations);
  }

  protected final Registrar<Target> targets() {
    return new Registrar<>(Spi.TARGET);
  }

  protected final Registrar<ForwardProcess> forwardProcesses() {
    return new Registrar<>(Spi.FORWARD);
  }

  protected final Registrar<DriftModel> models() {
    return new Registrar<>(Spi.MODEL);
  }

  protected final Registrar<Loss> losses() {
    return new Registrar<>(Spi.LOSS);
  }

  protected final Registrar<Integrator> integrators() {
    return new Registrar<>(Spi.INTEGRATOR);
  }

  protected final Registrar<Interpolant> interpolants() {
    return new Registrar<>(Spi.INTERPOLANT);
  }

  protected final Registrar<Method> methods() {
    return new Registrar<>(Spi.METHOD);
  }

  /** The Guice type {@code Map<String, ComponentFactory<T>>} under which the factories of one SPI are bound. */
  @SuppressWarnings("unchecked")
  public static <T> TypeLiteral<ComponentFactory<T>> factoryType(Spi<T> spi) {
    return (TypeLiteral<ComponentFactory<T>>) TypeLiteral.get(
        Types.newParameterizedType(ComponentFactory.class, spi.type()));
  }

  /** Binds factories of one SPI by name. */
  protected final class Registrar<T> {
    private final Spi<T> spi;

    private Registrar(Spi<T> spi) {
      this.spi = spi;
    }

    /** Binds the factory class (built by Guice, so it may {@code @Inject} shared services). */
    public Registrar<T> bind(String name, Class<? extends ComponentFactory<T>> factory) {
      record(name, factory);
      MapBinder.newMapBinder(binder(), TypeLiteral.get(String.class), factoryType(spi)).addBinding(name).to(factory);
      return this;
    }

    /** Binds a factory instance. */
    public Registrar<T> bind(String name, ComponentFactory<T> factory) {
      record(name, factory.getClass());
      MapBinder.newMapBinder(binder(), TypeLiteral.get(String.class), factoryType(spi)).addBinding(name)
          .toInstance(factory);
      return this;
    }

    private void record(String name, Class<?> factory) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(DriftkitPlugin.this.getClass().getName() + " registers " + spi
            + " name '" + name + "': names are lower-case letters, digits and '-'");
      }
      synchronized (DriftkitPlugin.this) {
        // Guice hands every configuration its own binder: the first registration under a new one starts afresh
        if (binder() != registeredWith) {
          registrations.clear();
          registeredWith = binder();
        }
        registrations.add(new Registration(spi, name, factory, DriftkitPlugin.this.getClass()));
      }
    }
  }
}

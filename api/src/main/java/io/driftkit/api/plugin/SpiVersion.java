package io.driftkit.api.plugin;

/**
 * The version of the driftkit SPIs. A plugin passes {@link #CURRENT} to its {@link DriftkitPlugin} constructor; the
 * compiler copies the constant into the plugin's class file, so a plugin built against another SPI version is
 * recognised and refused at start-up.
 */
public final class SpiVersion {

  /** Raised whenever an SPI changes incompatibly. */
  public static final int CURRENT = 1;

  private SpiVersion() {}
}

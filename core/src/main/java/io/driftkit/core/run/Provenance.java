package io.driftkit.core.run;

import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginInfo;
import io.driftkit.core.provenance.DataFile;
import io.driftkit.core.provenance.Versions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a run was made with: driftkit's version, every loaded plugin with its jar and version, the ND4J backend, and
 * the SHA-256 of every data file the run's components said they read. run.properties carries it under
 * {@link #PREFIX}, a prefix the config reader skips on purpose, so the file still runs again as it is.
 *
 * @param driftkitVersion the build's version
 * @param plugins the plugins that loaded (broken ones took no part)
 * @param nd4jBackend the ND4J backend class
 * @param nd4jVersion the version of the backend's jar
 * @param dataFiles the data files, sorted by source
 */
public record Provenance(String driftkitVersion, List<PluginInfo> plugins, String nd4jBackend, String nd4jVersion,
    List<DataFile> dataFiles) {

  /** The key prefix of provenance in run.properties; a config's keys under it are ignored. */
  public static final String PREFIX = RunConfig.PROVENANCE_PREFIX;

  /** The provenance of a run in this process: these plugins and data files, this build and ND4J backend. */
  public static Provenance of(List<PluginInfo> plugins, List<DataFile> dataFiles) {
    Class<?> backend = Nd4j.getBackend().getClass();
    List<DataFile> sorted = new ArrayList<>(dataFiles);
    sorted.sort((a, b) -> a.source().compareTo(b.source()));
    return new Provenance(Versions.driftkit(), List.copyOf(plugins), backend.getName(), Versions.of(backend),
        List.copyOf(sorted));
  }

  /** The {@code provenance.*} keys of run.properties. */
  public Map<String, String> properties() {
    Map<String, String> p = new TreeMap<>();
    p.put(PREFIX + "driftkit.version", driftkitVersion);
    p.put(PREFIX + "nd4j.backend", nd4jBackend);
    p.put(PREFIX + "nd4j.version", nd4jVersion);
    for (PluginInfo plugin : plugins) {
      p.put(PREFIX + "plugin." + plugin.plugin() + ".jar", plugin.source());
      p.put(PREFIX + "plugin." + plugin.plugin() + ".version", plugin.version());
    }
    for (int i = 0; i < dataFiles.size(); i++) {
      p.put(PREFIX + "data." + (i + 1) + ".file", dataFiles.get(i).source());
      p.put(PREFIX + "data." + (i + 1) + ".sha256", dataFiles.get(i).sha256());
    }
    return p;
  }

  /** The {@code provenance} object of metrics.json. */
  public Map<String, Object> json() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("driftkit_version", driftkitVersion);
    j.put("nd4j_backend", nd4jBackend);
    j.put("nd4j_version", nd4jVersion);
    j.put("plugins", plugins.stream().map(p -> object("class", p.plugin(), "jar", p.source(),
        "version", p.version())).toList());
    j.put("data_files", dataFiles.stream().map(d -> object("file", d.source(), "sha256", d.sha256())).toList());
    return j;
  }

  private static Map<String, String> object(String... keysAndValues) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      o.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return o;
  }
}

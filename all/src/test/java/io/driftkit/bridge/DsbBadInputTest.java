package io.driftkit.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What dsb refuses before anything runs, each time naming the key and what was expected. */
class DsbBadInputTest {

  @TempDir
  Path dir;

  private static final String[] BASE = {"method=dsb", "target=gaussian", "forward=scaled-bm", "model=mlp",
      "model.hidden=8"};

  private static String[] with(String... more) {
    return Stream.concat(Stream.of(BASE), Stream.of(more)).toArray(String[]::new);
  }

  private static void refused(String[] keys, String... parts) {
    assertThatThrownBy(() -> BridgeRuns.assemble(keys)).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(parts));
  }

  @Test
  void horizonAndStepCountMustBePositive() {
    refused(with("forward.horizon=0"), "forward.horizon", "a number > 0");
    refused(with("forward.horizon=-1"), "forward.horizon");
    refused(with("method.steps=0"), "method.steps", "a number >= 1");
  }

  @Test
  void endpointsOfDifferentDimensionAreRefused() throws Exception {
    Path file = dir.resolve("three.csv");
    Files.writeString(file, "x0,x1,x2\n1,2,3\n4,5,6\n7,8,9\n");
    refused(with("method.data-file=" + file), "method.data-file", "3 columns", "dimension 2");
  }

  @Test
  void aReferenceThatCannotSupplyWeightedParticlesIsRefused() {
    refused(with("method.reference=langevin"), "method.reference", "gives no importance weights");
    refused(with("method.reference=dis"), "method.reference", "must be trained", "run directory");
    refused(with("method.reference=nosuch"), "method.reference", "unknown particle source 'nosuch'", "smc");
    refused(with("method.reference=dsb"), "method.reference");
    refused(with("method.reference=smc", "method.data-file=x.csv"), "not both");
  }

  @Test
  void anUnnormalisedTargetNeedsAParticleSource() {
    refused(new String[] {"method=dsb", "target=logreg-ionosphere", "forward=vp"}, "method.reference",
        "method.data-file");
  }

  /** A finished run is a particle source for its own target only; a trained dis run supplies weighted particles. */
  @Test
  void aTrainedRunSuppliesParticlesForItsOwnTargetOnly() {
    Path dis = dir.resolve("dis");
    BridgeRuns.run(dis, "method=dis", "target=test-posterior", "integrator.steps=5", "model.hidden=8",
        "train.steps=5", "train.batch=16", "sample.n=50", "sample.sinkhorn-n=0", "sample.metric-n=50",
        "sample.reference-n=50", "output.plot=false");
    refused(new String[] {"method=dsb", "target=test-posterior", "target.y=0.5", "forward=scaled-bm",
        "method.reference=" + dis}, "method.reference", "samples another target", "target.y");
    Map<String, Object> m = BridgeRuns.run(dir.resolve("dsb"), "method=dsb", "target=test-posterior",
        "forward=scaled-bm", "method.prior-std=1", "method.reference=" + dis, "method.reference-n=50",
        "model.hidden=8", "method.steps=3", "method.iterations=1", "method.cache-paths=20", "method.report-n=0",
        "train.steps=5", "train.batch=16", "sample.n=50", "sample.sinkhorn-n=0", "sample.metric-n=50",
        "sample.reference-n=50", "output.plot=false");
    assertThat(m).containsEntry("status", "ok").containsKey("log_z_is");
  }
}

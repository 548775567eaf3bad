package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import io.driftkit.core.Driftkit;
import io.driftkit.core.Sampler;
import io.driftkit.core.SamplingResult;
import io.driftkit.core.TrainedRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Sampler#train()} then {@link TrainedRun#sample} against the one-call {@link Sampler#run()}: the contract
 * is the same numbers for the same keys and seed, and for changed sample keys (which training does not read) the
 * numbers of a one-call run with those keys; another seed or integrator samples the same trained model afresh.
 */
class LibraryTrainThenSampleTest {

  /** A short dis run on the 3x3 grid mixture, float64 so that two entry points can be compared bit for bit. */
  private static Sampler dis() {
    return Driftkit.sampler("dis").target("gmm-grid").seed(7).set("forward", "vp").set("forward.prior-std", 5)
        .set("model.hidden", "16,16").set("model.precision", "float64").set("integrator", "ancestral")
        .set("integrator.steps", 10).trainSteps(12).set("train.batch", 64).set("train.lr", 5e-3).samples(300)
        .set("sample.reference-n", 300).set("sample.metric-n", 300).set("sample.sinkhorn-n", 100);
  }

  @Test
  void trainOnceThenSampleGivesTheOneCallRunsNumbers() {
    SamplingResult oneCall = dis().run();
    TrainedRun trained = dis().train();
    assertThat(trained.training().orElseThrow().stepsDone()).isEqualTo(12);

    SamplingResult first = trained.sample();
    assertSame(first, oneCall);
    // sampling again does not train again nor use up any stream
    assertSame(trained.sample(), oneCall);

    // a sample key training does not read: the one-call run with it
    assertSame(trained.sample(Map.of("sample.n", 150)), dis().samples(150).run());
  }

  @Test
  void anotherSeedOrIntegratorSamplesTheSameTrainedModel() {
    TrainedRun trained = dis().train();
    SamplingResult first = trained.sample();
    SamplingResult other = trained.sample(8);
    assertThat(other.sampleRows()).hasNumberOfRows(300).isNotEqualTo(first.sampleRows());
    assertThat(other.settings()).containsEntry("seed", "8");
    // the learnt control on a grid twice as fine: twice the drift evaluations
    SamplingResult finer = trained.sample(Map.of("integrator.steps", 20));
    assertThat(finer.metric("nfe").orElseThrow()).isEqualTo(2 * first.metric("nfe").orElseThrow());
    assertThat(finer.settings()).containsEntry("integrator.steps", "20");
    assertThat(finer.metrics()).containsEntry("status", "ok");
  }

  @Test
  void keysThatChangeWhatWasTrainedAreRefused() {
    TrainedRun trained = Driftkit.sampler("langevin").target("gaussian").set("integrator.steps", 5).samples(50)
        .seed(1).train();
    assertThat(trained.training()).isEmpty();
    assertThat(trained.sample().sampleRows()).hasNumberOfRows(50);
    for (String key : new String[] {"train.steps", "model.hidden", "target.dim", "method.mala"}) {
      assertThatThrownBy(() -> trained.sample(Map.of(key, 3))).isInstanceOf(ConfigException.class)
          .hasMessageContaining("key '" + key + "' changes what was trained");
    }
  }

  private static void assertSame(SamplingResult actual, SamplingResult expected) {
    assertThat(actual.sampleRows()).isEqualTo(expected.sampleRows());
    assertThat(actual.logWeights().orElseThrow()).isEqualTo(expected.logWeights().orElseThrow());
    for (Map.Entry<String, Object> e : expected.metrics().entrySet()) {
      String key = e.getKey();
      if (key.endsWith("_seconds") || key.equals("provenance") || key.equals("train_history")) {
        continue;
      }
      assertThat(String.valueOf(actual.metrics().get(key))).as(key).isEqualTo(String.valueOf(e.getValue()));
    }
    assertThat(actual.metrics().keySet()).containsExactlyElementsOf(expected.metrics().keySet());
  }
}

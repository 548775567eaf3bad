package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resume is validated completely before it writes anything, and never replaces a run's record by a failure. */
class ResumeCommandTest extends CommandLineHarness {

  @TempDir
  Path dir;

  private Path run;
  private String metrics;
  private String properties;

  @BeforeEach
  void aCompletedRun() throws Exception {
    run = dir.resolve("run");
    assertThat(driftkit("run", "--out", run.toString(), "--set", "train.steps=4", "--set", "train.batch=32",
        "--set", "integrator.steps=10", "--set", "sample.n=200", "--set", "output.plot=false")).as(err).isZero();
    metrics = Files.readString(run.resolve("metrics.json"));
    properties = Files.readString(run.resolve("run.properties"));
  }

  private void assertUnchanged() throws Exception {
    assertThat(Files.readString(run.resolve("metrics.json"))).isEqualTo(metrics);
    assertThat(Files.readString(run.resolve("run.properties"))).isEqualTo(properties);
  }

  @Test
  void aChangeThatIsNotAContinuationIsRefusedNamingTheKey() throws Exception {
    assertThat(driftkit("run", "--resume", run.toString(), "--set", "train.lr=0.01"))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("'train.lr'", "a resume continues the same run");
    assertThat(driftkit("run", "--resume", run.toString(), "--set", "seed=2")).isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("'seed'");
    assertUnchanged();
  }

  @Test
  void fewerStepsThanTheCheckpointAreRefused() throws Exception {
    assertThat(driftkit("run", "--resume", run.toString(), "--set", "train.steps=2"))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("train.steps = 2", "checkpoint's step 4");
    assertUnchanged();
  }

  @Test
  void aDamagedOrMissingCheckpointIsRefused() throws Exception {
    Path state = run.resolve("checkpoint").resolve("trainer-state.bin");
    byte[] whole = Files.readAllBytes(state);
    Files.write(state, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThat(driftkit("run", "--resume", run.toString(), "--set", "train.steps=6"))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("cannot resume from " + state, "ends early");
    Files.writeString(state, "not a checkpoint");
    assertThat(driftkit("run", "--resume", run.toString())).isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("cannot resume from " + state);
    Files.delete(state);
    assertThat(driftkit("run", "--resume", run.toString())).isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("there is no checkpoint", "nothing to continue");
    assertUnchanged();
  }

  @Test
  void moreStepsContinueAndReplaceTheRecordOnlyOnceComplete() throws Exception {
    double firstSeconds = ((Number) new ObjectMapper().readValue(metrics, Map.class).get("train_seconds"))
        .doubleValue();
    assertThat(driftkit("run", "--resume", run.toString(), "--set", "train.steps=6")).as(err).isZero();
    Map<?, ?> json = new ObjectMapper().readValue(run.resolve("metrics.json").toFile(), Map.class);
    // the whole training's time: the first invocation's, as its checkpoint recorded it, and the resumed steps'
    assertThat(((Number) json.get("train_seconds")).doubleValue()).isGreaterThan(firstSeconds);
    assertThat(json.get("status")).isEqualTo("ok");
    assertThat(json.get("train_steps")).isEqualTo(6);
    assertThat(Files.readString(run.resolve("run.properties"))).contains("train.steps = 6");
    assertThat(Files.readAllLines(run.resolve("train_history.csv"))).hasSize(7);
    assertThat(run.resolve(".staging")).doesNotExist();
  }
}

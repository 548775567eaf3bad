package io.driftkit.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.config.Setting;
import org.junit.jupiter.api.Test;

/** Which values of a name-or-path key ({@link Setting#pathOrName}) the host resolves as paths. */
class PathOrNameSettingTest {

  @Test
  void aPathHasASeparatorOrAFileExtensionAndANameHasNeither() {
    for (String path : new String[] {"runs/dis-funnel", "./smc", "..\\data\\x.csv", "x0.csv", "smc.properties",
        "dis.yaml", " data.CSV "}) {
      assertThat(Setting.namesPath(path)).as(path).isTrue();
    }
    for (String name : new String[] {"smc", "none", "normal", "target", "gmm-grid", "logreg-ionosphere", "gmm-25",
        "my_run"}) {
      assertThat(Setting.namesPath(name)).as(name).isFalse();
    }
  }

  @Test
  void theTypeIsRecognisedAndIsNotAPlainPath() {
    Setting<String> s = Setting.pathOrName("reference", "none", "doc");
    assertThat(s.isPathOrName()).isTrue();
    assertThat(s.isPath()).isFalse();
    assertThat(Setting.text("reference", "none", "doc").isPathOrName()).isFalse();
  }
}

package io.driftkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Nd4jRuntimeTest {

  @Test
  void theThreadCountReachesNd4jsOpenMpPool() throws Exception {
    int before = Nd4jRuntime.threads();
    try {
      Nd4jRuntime.threads(2);
      assertThat(ompMaxThreads()).isEqualTo(2);
      Nd4jRuntime.threads(1);
      assertThat(ompMaxThreads()).isEqualTo(1);
      assertThat(Nd4jRuntime.threads()).isEqualTo(1);
    } finally {
      Nd4jRuntime.threads(before);
    }
    assertThatThrownBy(() -> Nd4jRuntime.threads(0)).hasMessageContaining("at least 1");
  }

  @Test
  void propertyBeatsEnvironmentWhichBeatsTheDefaultOfOne() {
    assertThat(Nd4jRuntime.configuredThreads(k -> null, Map.of())).isEqualTo(1);
    assertThat(Nd4jRuntime.configuredThreads(k -> null, Map.of("OMP_NUM_THREADS", "3"))).isEqualTo(3);
    assertThat(Nd4jRuntime.configuredThreads(k -> null, Map.of("OMP_NUM_THREADS", "x"))).isEqualTo(1);
    assertThat(Nd4jRuntime.configuredThreads(k -> k.equals(Nd4jRuntime.THREADS_PROPERTY) ? "2" : null,
        Map.of("OMP_NUM_THREADS", "3"))).isEqualTo(2);
    assertThatThrownBy(() -> Nd4jRuntime.configuredThreads(k -> "0", Map.of()))
        .hasMessageContaining(Nd4jRuntime.THREADS_PROPERTY).hasMessageContaining("'0'");
  }

  /** What the backend's OpenMP runtime reports, read the way Nd4jRuntime writes it. */
  private static int ompMaxThreads() throws Exception {
    Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder");
    Object ops = holder.getMethod("getDeviceNativeOps").invoke(holder.getMethod("getInstance").invoke(null));
    return (Integer) Class.forName("org.nd4j.nativeblas.NativeOps").getMethod("ompGetMaxThreads").invoke(ops);
  }
}

package io.driftkit.toolkit.integrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tableau refuses coefficients that break the row-sum or an order condition, naming which. */
class ButcherTableauTest {

  @Test
  void treeCountsAndDensitiesAreButchers() {
    // rooted trees with 1..6 nodes: 1, 1, 2, 4, 9, 20 (OEIS A000081), so 1, 2, 4, 8, 17, 37 conditions in all
    int[] cumulative = {1, 2, 4, 8, 17, 37};
    for (int p = 1; p <= 6; p++) {
      assertThat(OrderConditions.treesUpTo(p)).as("trees up to order %d", p).hasSize(cumulative[p - 1]);
    }
    // the densities gamma of the trees of order 4 and 5, from the tables of Hairer-Norsett-Wanner I, II.2
    assertThat(gammas(4)).containsExactlyInAnyOrder(4.0, 8.0, 12.0, 24.0);
    assertThat(gammas(5)).containsExactlyInAnyOrder(5.0, 10.0, 20.0, 15.0, 30.0, 20.0, 40.0, 60.0, 120.0);
  }

  private static List<Double> gammas(int order) {
    return OrderConditions.treesUpTo(order).stream().filter(t -> t.nodes() == order)
        .map(OrderConditions.Tree::gamma).toList();
  }

  @Test
  void shippedTableausMeetTheirOrder() {
    for (ButcherTableau t : List.of(ButcherTableau.EULER, ButcherTableau.HEUN, ButcherTableau.RK4,
        ButcherTableau.DORMAND_PRINCE)) {
      // constructing again runs every check; a tableau of one order more must fail (the order is exact)
      assertThat(copy(t, t.order(), t.a(), t.b(), t.bLow())).isNotNull();
      assertThatThrownBy(() -> copy(t, t.order() + 1, t.a(), t.b(), null))
          .hasMessageContaining("order-" + (t.order() + 1) + " condition");
    }
  }

  @Test
  void aWrongWeightIsRefused() {
    ButcherTableau rk4 = ButcherTableau.RK4;
    double[] b = rk4.b().clone();
    b[0] += 1e-6; // sum b = 1 still holds below, so the order-2 condition is what breaks
    b[1] -= 1e-6;
    assertThatThrownBy(() -> copy(rk4, 4, rk4.a(), b, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rk4").hasMessageContaining("order-2 condition").hasMessageContaining("1/2");
  }

  @Test
  void aWrongStageCoefficientIsRefusedEvenWhenTheRowSumHolds() {
    ButcherTableau rk4 = ButcherTableau.RK4;
    double[][] a = deepCopy(rk4.a());
    a[3] = new double[] {0.1, 0, 0.9}; // still sums to c_4 = 1
    assertThatThrownBy(() -> copy(rk4, 4, a, rk4.b(), null)).hasMessageContaining("order-3 condition")
        .hasMessageContaining("[[[]]]");

    ButcherTableau dp = ButcherTableau.DORMAND_PRINCE;
    double[][] a2 = deepCopy(dp.a());
    a2[5][1] += 1e-7; // -355/33 mistyped, the row sum kept by the first entry
    a2[5][0] -= 1e-7;
    assertThatThrownBy(() -> copy(dp, 5, a2, dp.b(), dp.bLow())).hasMessageContaining("rk45")
        .hasMessageContaining("condition");
  }

  @Test
  void aWrongEmbeddedWeightIsRefused() {
    ButcherTableau dp = ButcherTableau.DORMAND_PRINCE;
    double[] low = dp.bLow().clone();
    low[3] += 1e-5;
    low[4] -= 1e-5;
    assertThatThrownBy(() -> copy(dp, 5, dp.a(), dp.b(), low)).hasMessageContaining("bLow");
  }

  @Test
  void stageTimesMustBeTheRowSums() {
    assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 0.9}, new double[][] {{}, {1}},
        new double[] {0.5, 0.5}, null)).hasMessageContaining("c[1] = 0.9").hasMessageContaining("sums to 1.0");
  }

  @Test
  void onlyDormandPrinceReusesItsLastStage() {
    assertThat(ButcherTableau.DORMAND_PRINCE.firstSameAsLast()).isTrue();
    assertThat(ButcherTableau.RK4.firstSameAsLast()).isFalse();
    assertThat(ButcherTableau.HEUN.firstSameAsLast()).isFalse();
    assertThat(ButcherTableau.EULER.firstSameAsLast()).isFalse();
  }

  private static ButcherTableau copy(ButcherTableau t, int order, double[][] a, double[] b, double[] bLow) {
    return new ButcherTableau(t.name(), order, t.c(), a, b, bLow);
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}

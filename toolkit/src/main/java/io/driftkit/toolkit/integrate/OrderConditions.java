package io.driftkit.toolkit.integrate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Butcher's order conditions of an explicit Runge–Kutta method: the method has order p when, for every rooted tree
 * t with at most p nodes, its elementary weight {@code Phi(t) = sum_i b_i Psi_i(t)} equals {@code 1 / gamma(t)}
 * (Hairer, Nørsett and Wanner, I, Theorem II.2.13). {@code Psi} of a tree whose root has children u_1..u_m is the
 * componentwise product of {@code A Psi(u_k)}, with {@code Psi} of a single node the vector of ones; {@code gamma}
 * is the number of nodes times the product of the children's gammas. There are 1, 2, 4, 8, 17, 37 trees up to
 * orders 1 to 6, generated here rather than written out, so no condition can be forgotten or mistyped.
 */
final class OrderConditions {

  private OrderConditions() {}

  /** A rooted tree: its children (sorted, so equal trees have equal keys), node count and density gamma. */
  record Tree(List<Tree> children, String key, int nodes, double gamma) {

    static Tree of(List<Tree> children) {
      List<Tree> sorted = new ArrayList<>(children);
      sorted.sort(Comparator.comparing(Tree::key));
      StringBuilder key = new StringBuilder("[");
      int nodes = 1;
      double gamma = 1;
      for (Tree c : sorted) {
        key.append(c.key);
        nodes += c.nodes;
        gamma *= c.gamma;
      }
      return new Tree(List.copyOf(sorted), key.append(']').toString(), nodes, gamma * nodes);
    }

    /** Every tree made by attaching one new leaf to some node of this one. */
    List<Tree> grown() {
      List<Tree> out = new ArrayList<>();
      List<Tree> withLeaf = new ArrayList<>(children);
      withLeaf.add(LEAF);
      out.add(of(withLeaf));
      for (int i = 0; i < children.size(); i++) {
        for (Tree bigger : children.get(i).grown()) {
          List<Tree> replaced = new ArrayList<>(children);
          replaced.set(i, bigger);
          out.add(of(replaced));
        }
      }
      return out;
    }
  }

  static final Tree LEAF = new Tree(List.of(), "[]", 1, 1);

  /** All rooted trees with 1 to {@code order} nodes, by increasing order. */
  static List<Tree> treesUpTo(int order) {
    List<Tree> all = new ArrayList<>();
    Collection<Tree> level = List.of(LEAF);
    for (int n = 1; n <= order; n++) {
      all.addAll(level);
      Map<String, Tree> next = new LinkedHashMap<>();
      for (Tree t : level) {
        for (Tree g : t.grown()) {
          next.putIfAbsent(g.key, g);
        }
      }
      level = next.values();
    }
    return all;
  }

  /**
   * Checks the row-sum condition {@code c_i = sum_j a_ij} and every order condition up to {@code order} for the
   * weights {@code b}.
   *
   * @throws IllegalArgumentException naming the tableau, the weights, the tree, the sum and its required value
   */
  static void check(String name, String weightsName, int order, double[] c, double[][] a, double[] b) {
    int s = b.length;
    for (int i = 0; i < s; i++) {
      double sum = 0;
      double scale = 1;
      for (double aij : a[i]) {
        sum += aij;
        scale += Math.abs(aij);
      }
      if (!(Math.abs(sum - c[i]) <= 1e-13 * scale)) {
        throw new IllegalArgumentException(name + ": c[" + i + "] = " + c[i] + " but row " + i + " of a sums to "
            + sum + " (an explicit Runge-Kutta method needs c_i = sum_j a_ij)");
      }
    }
    for (Tree t : treesUpTo(order)) {
      double[][] psi = psi(t, a, s);
      double phi = 0;
      double scale = 0;
      for (int i = 0; i < s; i++) {
        phi += b[i] * psi[0][i];
        scale += Math.abs(b[i]) * psi[1][i];
      }
      // the terms are O(scale) and each carries a relative rounding error of a few ulps
      if (!(Math.abs(phi - 1 / t.gamma) <= 1e-13 * Math.max(1, scale))) {
        throw new IllegalArgumentException(name + ": declared order " + order + ", but the weights " + weightsName
            + " fail the order-" + t.nodes + " condition of the tree " + t.key + ": sum = " + phi + ", needs 1/"
            + (long) t.gamma + " = " + 1 / t.gamma);
      }
    }
  }

  /** {@code Psi(t)} and the same computed with |a| (a scale for the rounding error). */
  private static double[][] psi(Tree t, double[][] a, int s) {
    double[] value = new double[s];
    double[] abs = new double[s];
    java.util.Arrays.fill(value, 1);
    java.util.Arrays.fill(abs, 1);
    for (Tree child : t.children) {
      double[][] inner = psi(child, a, s);
      for (int i = 0; i < s; i++) {
        double sum = 0;
        double sumAbs = 0;
        for (int j = 0; j < i; j++) {
          sum += a[i][j] * inner[0][j];
          sumAbs += Math.abs(a[i][j]) * inner[1][j];
        }
        value[i] *= sum;
        abs[i] *= sumAbs;
      }
    }
    return new double[][] {value, abs};
  }
}

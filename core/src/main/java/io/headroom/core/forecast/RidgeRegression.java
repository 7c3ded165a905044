package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Exponentially weighted least squares with a small ridge, for a handful of features: keeps {@code
 * Σ w xxᵀ} and {@code Σ w x y} with geometric forgetting, solves by Cholesky on demand. O(n²) per
 * observation, n(n+3)/2 doubles of state.
 */
final class RidgeRegression {
  private static final double RIDGE = 1e-3;

  private final int n;
  private final double[] gram; // upper triangle, row-major
  private final double[] moment;
  private final double[] beta;
  private final double[] chol;
  private boolean stale = true;

  RidgeRegression(int features) {
    this.n = features;
    this.gram = new double[features * (features + 1) / 2];
    this.moment = new double[features];
    this.beta = new double[features];
    this.chol = new double[features * features];
  }

  /** Adds (x, y) with weight {@code gain} after scaling what was there by {@code 1 - gain}. */
  void add(double[] x, int offset, double y, double gain) {
    double keep = 1 - gain;
    int g = 0;
    for (int i = 0; i < n; i++) {
      double xi = x[offset + i];
      for (int j = i; j < n; j++) {
        gram[g] = keep * gram[g] + gain * xi * x[offset + j];
        g++;
      }
      moment[i] = keep * moment[i] + gain * xi * y;
    }
    stale = true;
  }

  /** The coefficients; zeros while nothing usable has been added. */
  double[] coefficients() {
    if (stale) {
      solve();
      stale = false;
    }
    return beta;
  }

  double predict(double[] x, int offset) {
    double[] b = coefficients();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += b[i] * x[offset + i];
    }
    return sum;
  }

  private int at(int i, int j) {
    // index of (i, j), i <= j, in the row-major upper triangle
    return i * n - i * (i - 1) / 2 + (j - i);
  }

  private void solve() {
    double trace = 0;
    for (int i = 0; i < n; i++) {
      trace += gram[at(i, i)];
    }
    if (!(trace > 0) || !Double.isFinite(trace)) {
      java.util.Arrays.fill(beta, 0);
      return;
    }
    double ridge = RIDGE * trace / n;
    // Cholesky: A = L Lᵀ, L lower triangular stored in chol[i * n + j], j <= i.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = gram[at(j, i)] + (i == j ? ridge : 0);
        for (int k = 0; k < j; k++) {
          sum -= chol[i * n + k] * chol[j * n + k];
        }
        if (i == j) {
          chol[i * n + i] = Math.sqrt(Math.max(sum, ridge * 1e-6));
        } else {
          chol[i * n + j] = sum / chol[j * n + j];
        }
      }
    }
    // Solve L z = moment, then Lᵀ beta = z.
    for (int i = 0; i < n; i++) {
      double sum = moment[i];
      for (int k = 0; k < i; k++) {
        sum -= chol[i * n + k] * beta[k];
      }
      beta[i] = sum / chol[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double sum = beta[i];
      for (int k = i + 1; k < n; k++) {
        sum -= chol[k * n + i] * beta[k];
      }
      beta[i] = sum / chol[i * n + i];
    }
    for (double b : beta) {
      if (!Double.isFinite(b)) {
        java.util.Arrays.fill(beta, 0);
        return;
      }
    }
  }

  void write(DataOutput out) throws IOException {
    ForecasterCodec.writeArray(out, gram);
    ForecasterCodec.writeArray(out, moment);
  }

  void read(DataInput in) throws IOException {
    ForecasterCodec.readInto(in, gram, "regression gram");
    ForecasterCodec.readInto(in, moment, "regression moment");
    stale = true;
  }
}

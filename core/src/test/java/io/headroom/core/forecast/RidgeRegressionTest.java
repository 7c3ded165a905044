package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

class RidgeRegressionTest {
  @Test
  void knownCoefficients_areRecovered() {
    RidgeRegression regression = new RidgeRegression(3);
    Random random = new Random(3);
    double[] x = new double[3];
    for (int i = 0; i < 5_000; i++) {
      for (int j = 0; j < 3; j++) {
        x[j] = random.nextGaussian();
      }
      double y = 2 * x[0] - x[1] + 0.5 * x[2] + 0.1 * random.nextGaussian();
      regression.add(x, 0, y, 0.001);
    }
    assertThat(regression.coefficients()).containsExactly(new double[] {2, -1, 0.5}, within(0.02));
  }

  @Test
  void onlineSums_equalTheBatchWeightedRidgeSolution() {
    RidgeRegression regression = new RidgeRegression(2);
    Random random = new Random(4);
    int n = 200;
    double gain = 0.02;
    double[][] xs = new double[n][2];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i][0] = random.nextGaussian();
      xs[i][1] = 0.5 * xs[i][0] + random.nextGaussian();
      ys[i] = xs[i][0] + 3 * xs[i][1] + random.nextGaussian();
      regression.add(xs[i], 0, ys[i], gain);
    }
    // Batch: weights w_i = gain (1 - gain)^(n - 1 - i), ridge 1e-3 × mean diagonal.
    double[][] a = new double[2][2];
    double[] b = new double[2];
    for (int i = 0; i < n; i++) {
      double w = gain * Math.pow(1 - gain, n - 1 - i);
      for (int r = 0; r < 2; r++) {
        b[r] += w * xs[i][r] * ys[i];
        for (int c = 0; c < 2; c++) {
          a[r][c] += w * xs[i][r] * xs[i][c];
        }
      }
    }
    double ridge = 1e-3 * (a[0][0] + a[1][1]) / 2;
    a[0][0] += ridge;
    a[1][1] += ridge;
    double[] expected =
        new LUDecomposition(new Array2DRowRealMatrix(a))
            .getSolver()
            .solve(new ArrayRealVector(b))
            .toArray();
    assertThat(regression.coefficients()).containsExactly(expected, within(1e-9));
  }

  @Test
  void empty_predictsZero() {
    RidgeRegression regression = new RidgeRegression(2);
    assertThat(regression.predict(new double[] {1, 2}, 0)).isZero();
  }
}

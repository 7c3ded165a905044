package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Regression on Fourier terms, fitted by exponentially weighted ridge least squares: {@code base =
 * a + Σ_k (b_k cos + c_k sin)(2πk · phase in day) + Σ_j (d_j cos + e_j sin)(2πj · phase in week)},
 * with up to {@value #DAILY_HARMONICS} daily harmonics and {@value #WEEKLY_HARMONICS} weekly ones
 * (multiples of 7 left out: they are daily). The observation (residual plus base, i.e. clamped) is
 * the target. No trend: the intercept follows the level with the regression's memory. The normal
 * equations are updated in O(p²) per observation (p ≤ 49) and solved in O(p³) every 1/96 day; ≈ 2p²
 * doubles of state (≈ 40 KB).
 */
final class FourierBase implements SeasonalBase {
  static final int DAILY_HARMONICS = 12;
  static final int WEEKLY_HARMONICS = 12;

  private final int[] dailyHarmonics;
  private final int[] weeklyHarmonics;
  private final int p;
  private final double gain;
  private final long refreshEvery;
  private final RidgeRegression regression;
  private final double[] theta;
  private final double[] x;
  private long updates;

  FourierBase(SeasonalPeriods periods, double memoryDays) {
    int day = periods.daily();
    int week = periods.weekly();
    dailyHarmonics = upTo(day > 0 ? Math.min(DAILY_HARMONICS, (day - 1) / 2) : 0);
    int weekly = week > 0 ? Math.min(WEEKLY_HARMONICS + WEEKLY_HARMONICS / 6, (week - 1) / 2) : 0;
    weeklyHarmonics =
        java.util.Arrays.stream(upTo(weekly)).filter(j -> day <= 0 || j % 7 != 0).toArray();
    p = 1 + 2 * dailyHarmonics.length + 2 * weeklyHarmonics.length;
    double stepsPerDay = SeasonalPeriods.DAY_SECONDS / (double) periods.stepSeconds();
    gain = 1 / Math.max(2, memoryDays * stepsPerDay);
    refreshEvery = Math.max(1, Math.round(stepsPerDay / 96));
    regression = new RidgeRegression(p);
    theta = new double[p];
    x = new double[p];
  }

  private static int[] upTo(int n) {
    int[] r = new int[Math.max(0, n)];
    for (int i = 0; i < r.length; i++) {
      r[i] = i + 1;
    }
    return r;
  }

  private void terms(long epochSecond) {
    x[0] = 1;
    int i = 1;
    double dayAngle = 2 * Math.PI * SeasonalPeriods.dayPhase(epochSecond);
    for (int k : dailyHarmonics) {
      x[i++] = Math.cos(k * dayAngle);
      x[i++] = Math.sin(k * dayAngle);
    }
    double weekAngle = 2 * Math.PI * SeasonalPeriods.weekPhase(epochSecond);
    for (int j : weeklyHarmonics) {
      x[i++] = Math.cos(j * weekAngle);
      x[i++] = Math.sin(j * weekAngle);
    }
  }

  @Override
  public void advance(long steps) {}

  @Override
  public double valueAt(long epochSecond, long horizon) {
    terms(epochSecond);
    double sum = 0;
    for (int i = 0; i < p; i++) {
      sum += theta[i] * x[i];
    }
    return sum;
  }

  @Override
  public double detailAt(long epochSecond) {
    return 0;
  }

  @Override
  public void learn(long index, long epochSecond, double residual, boolean sustained) {
    double target = valueAt(epochSecond, 0) + residual; // also fills x
    updates++;
    regression.add(x, 0, target, Math.max(gain, 1.0 / updates));
    if (updates % refreshEvery == 0 || updates <= 2) {
      System.arraycopy(regression.coefficients(), 0, theta, 0, p);
    }
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(updates);
    regression.write(out);
    ForecasterCodec.writeArray(out, theta);
  }

  @Override
  public void read(DataInput in) throws IOException {
    updates = in.readLong();
    regression.read(in);
    ForecasterCodec.readInto(in, theta, "fourier coefficients");
  }
}

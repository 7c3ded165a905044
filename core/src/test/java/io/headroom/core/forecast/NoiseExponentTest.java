package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseExponentTest {
  /** Levels of a daily cycle (0.3 to 1.7 of the mean), errors of sd {@code level^power}. */
  private static NoiseExponent learnt(double power, double amplitude, int errors) {
    NoiseExponent noise = new NoiseExponent(10_080, 720);
    Random random = new Random(21);
    for (int m = 0; m < errors; m++) {
      double level = 1 + amplitude * Math.cos(2 * Math.PI * m / 1440);
      noise.add(level, Math.abs(Math.pow(level, power) * random.nextGaussian()));
    }
    return noise;
  }

  @Test
  void noiseOfTheSameSizeAtAnyLevel_givesZero() {
    assertThat(learnt(0, 0.7, 20_000).exponent()).isLessThan(0.05);
  }

  @Test
  void countNoise_givesOneHalf() {
    assertThat(learnt(0.5, 0.7, 20_000).exponent()).isBetween(0.45, 0.5);
  }

  @Test
  void noiseGrowingFasterThanCounts_isHeldAtOneHalf() {
    // Such estimates come from the level floor and from shape errors at the peak, not from noise.
    assertThat(learnt(1, 0.7, 20_000).exponent()).isEqualTo(0.5);
  }

  @Test
  void aFlatSeries_orTooFewErrors_keepOneHalf() {
    assertThat(learnt(0, 0.05, 20_000).exponent()).isEqualTo(NoiseExponent.PRIOR);
    assertThat(learnt(0, 0.7, 1_000).exponent()).isEqualTo(NoiseExponent.PRIOR);
  }
}

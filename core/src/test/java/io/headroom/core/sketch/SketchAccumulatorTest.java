package io.headroom.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sketch contract, run per accuracy and input distribution, against exact sorted values. */
class SketchAccumulatorTest {
  private static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

  @ParameterizedTest(name = "accuracy {0}, {1}, seed {2}")
  @CsvSource({
    "0.01, lognormal, 1", "0.01, uniform, 2", "0.01, heavyTail, 3",
    "0.02, lognormal, 4", "0.05, heavyTail, 5", "0.001, lognormal, 6"
  })
  void everyQuantile_isWithinTheRelativeAccuracyOfTheExactOne(
      double accuracy, String distribution, long seed) {
    double[] values = sample(distribution, 20_000, seed);
    SketchAccumulator accumulator = new SketchAccumulator(accuracy);
    Arrays.stream(values).forEach(accumulator::add);
    Arrays.sort(values);

    for (double q : QUANTILES) {
      double exact = values[(int) Math.floor(q * (values.length - 1))];
      assertThat(accumulator.quantile(q))
          .as("q=%s seed=%s", q, seed)
          .isCloseTo(exact, within(exact * accuracy + 1e-12));
    }
    WindowStats stats = accumulator.stats();
    assertThat(stats.count()).isEqualTo(values.length);
    assertThat(stats.min()).isEqualTo(values[0]);
    assertThat(stats.max()).isEqualTo(values[values.length - 1]);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.02})
  void merge_equalsAccumulatingTheConcatenation(double accuracy) {
    double[] a = sample("lognormal", 5_000, 10);
    double[] b = sample("heavyTail", 7_000, 11);
    SketchAccumulator left = new SketchAccumulator(accuracy);
    SketchAccumulator right = new SketchAccumulator(accuracy);
    SketchAccumulator both = new SketchAccumulator(accuracy);
    Arrays.stream(a).forEach(left::add);
    Arrays.stream(b).forEach(right::add);
    Arrays.stream(a).forEach(both::add);
    Arrays.stream(b).forEach(both::add);

    left.merge(right);

    for (double q : QUANTILES) {
      assertThat(left.quantile(q)).isEqualTo(both.quantile(q));
    }
    assertThat(left.stats().count()).isEqualTo(both.stats().count());
    assertThat(left.stats().sum()).isCloseTo(both.stats().sum(), within(1e-6));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.05})
  void bytes_roundTripExactly(double accuracy) {
    SketchAccumulator original = new SketchAccumulator(accuracy);
    Arrays.stream(sample("lognormal", 3_000, 12)).forEach(original::add);
    original.add(0.0);

    SketchAccumulator restored = SketchAccumulator.fromBytes(original.toBytes());
    SketchAccumulator fromSketch =
        SketchAccumulator.fromSketchBytes(
            original.sketchBytes(),
            accuracy,
            original.count(),
            original.stats().sum(),
            original.stats().min(),
            original.stats().max());

    assertThat(restored.stats()).isEqualTo(original.stats());
    assertThat(fromSketch.stats()).isEqualTo(original.stats());
    assertThat(restored.relativeAccuracy()).isEqualTo(accuracy);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01})
  void empty_hasNoQuantiles_andMergingItChangesNothing(double accuracy) {
    SketchAccumulator empty = new SketchAccumulator(accuracy);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.quantile(0.5)).isNaN();
    assertThat(empty.stats()).isEqualTo(WindowStats.EMPTY);

    SketchAccumulator some = new SketchAccumulator(accuracy).add(3).add(5);
    WindowStats before = some.stats();
    assertThat(some.merge(SketchAccumulator.fromBytes(empty.toBytes())).stats()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1, -0.1, Double.NaN})
  void accuracyOutsideTheOpenUnitInterval_isRejected(double accuracy) {
    assertThatThrownBy(() -> new SketchAccumulator(accuracy))
        .hasMessageContaining("relativeAccuracy must be in (0, 1)");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY})
  void nonFiniteSamples_areRejected(double sample) {
    assertThatThrownBy(() -> SketchAccumulator.empty().add(sample)).hasMessageContaining("finite");
  }

  static double[] sample(String distribution, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] =
          switch (distribution) {
            case "lognormal" -> 50 * Math.exp(0.8 * random.nextGaussian());
            case "uniform" -> 1 + 999 * random.nextDouble();
            case "heavyTail" -> 1 / Math.pow(1 - random.nextDouble(), 1.5);
            default -> throw new IllegalArgumentException(distribution);
          };
    }
    return values;
  }

  @org.junit.jupiter.api.Test
  void weightedAdd_equalsAddingTheValueThatManyTimes() {
    SketchAccumulator weighted = new SketchAccumulator(0.01).add(12.5, 40).add(3, 2).add(7, 0);
    SketchAccumulator oneByOne = new SketchAccumulator(0.01);
    for (int i = 0; i < 40; i++) {
      oneByOne.add(12.5);
    }
    oneByOne.add(3).add(3);

    assertThat(weighted.count()).isEqualTo(42);
    assertThat(weighted.stats()).isEqualTo(oneByOne.stats());
    assertThat(weighted.sketchBytes()).isEqualTo(oneByOne.sketchBytes());
  }

  @org.junit.jupiter.api.Test
  void replaceAggregates_keepsTheSketch_andLeavesNaNAggregatesAlone() {
    SketchAccumulator histogram = new SketchAccumulator(0.01).add(10, 3).add(100, 1);

    histogram.replaceAggregates(95, 8, Double.NaN);

    assertThat(histogram.stats().sum()).isEqualTo(95);
    assertThat(histogram.stats().min()).isEqualTo(8);
    assertThat(histogram.stats().max()).isEqualTo(100);
    assertThat(histogram.quantile(0.5)).isCloseTo(10, within(0.1));
  }

  @org.junit.jupiter.api.Test
  void mergeAtAnyAccuracy_rebinsAnotherAccuracy_withinBothAccuracies() {
    double[] values = sample("lognormal", 10_000, 21);
    SketchAccumulator coarse = new SketchAccumulator(0.02);
    Arrays.stream(values).forEach(coarse::add);
    SketchAccumulator window = new SketchAccumulator(0.01);

    window.mergeAtAnyAccuracy(coarse);
    Arrays.sort(values);

    assertThat(window.count()).isEqualTo(values.length);
    for (double q : QUANTILES) {
      double exact = values[(int) Math.floor(q * (values.length - 1))];
      assertThat(window.quantile(q)).as("q=%s", q).isCloseTo(exact, within(exact * 0.031));
    }
  }

  @org.junit.jupiter.api.Test
  void fromBytes_refusesBytesThatAreNoAccumulator() {
    assertThatThrownBy(() -> SketchAccumulator.fromBytes(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> SketchAccumulator.fromBytes(new byte[64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accuracy");
  }
}

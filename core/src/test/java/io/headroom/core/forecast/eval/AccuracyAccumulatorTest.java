package io.headroom.core.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccuracyAccumulatorTest {
  @Test
  void threePairs_byHand() {
    AccuracyAccumulator acc = new AccuracyAccumulator(2.0);
    //      actual predicted lower upper naive seasonal
    acc.add(10, 8, 5, 12, 9, 10); // |e| 2, sMAPE term 4/18, inside, width 7
    acc.add(0, 0, 0, 1, 2, 1); //    |e| 0, both zero: sMAPE term 0, inside, width 1
    acc.add(5, 10, 6, 12, 5, 8); //  |e| 5, sMAPE term 10/15, below the interval, width 6

    AccuracyReport r = acc.report();

    assertThat(r.pairs()).isEqualTo(3);
    assertThat(r.mae()).isCloseTo(7 / 3.0, within(1e-12));
    assertThat(r.naiveMae()).isCloseTo(1.0, within(1e-12)); // (1 + 2 + 0) / 3
    assertThat(r.seasonalNaiveMae()).isCloseTo(4 / 3.0, within(1e-12)); // (0 + 1 + 3) / 3
    assertThat(r.relMae()).isCloseTo(7 / 3.0, within(1e-12)); // against the better: naive
    assertThat(r.betterBaseline()).isEqualTo("naive");
    assertThat(r.smape()).isCloseTo(100 * (4 / 18.0 + 0 + 10 / 15.0) / 3, within(1e-9));
    assertThat(r.mase()).isCloseTo(7 / 3.0 / 2.0, within(1e-12));
    assertThat(r.coverage()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(r.meanWidth()).isCloseTo(14 / 3.0, within(1e-12));
    assertThat(r.meanActual()).isCloseTo(5, within(1e-12));
    assertThat(r.relativeWidth()).isCloseTo(14 / 15.0, within(1e-12));
    // widths 7 + 1 + 6, and the third actual lies 1 below its interval: 40 × 1 more
    assertThat(r.meanIntervalScore()).isCloseTo((14 + 40) / 3.0, within(1e-12));
    assertThat(r.relativeIntervalScore()).isCloseTo(54 / 15.0, within(1e-12));
  }

  @Test
  void noPairs_givesNaNs() {
    AccuracyReport r = new AccuracyAccumulator(1).report();
    assertThat(r.pairs()).isZero();
    assertThat(r.mae()).isNaN();
    assertThat(r.relMae()).isNaN();
  }

  @Test
  void perfectBaseline_makesRelMaeUndefined() {
    AccuracyAccumulator acc = new AccuracyAccumulator(1);
    acc.add(3, 4, 0, 5, 3, 3);
    assertThat(acc.report().relMae()).isNaN();
  }
}

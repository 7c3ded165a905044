package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void exact_readable_andDecimals_writeWholeNumbersAndFractionsTheirWay() {
    assertThat(Numbers.exact(14)).isEqualTo("14");
    assertThat(Numbers.exact(0.1234567)).isEqualTo("0.1234567");
    assertThat(Numbers.readable(14)).isEqualTo("14");
    assertThat(Numbers.readable(0.1234567)).isEqualTo("0.123");
    assertThat(Numbers.readable(123.45)).isEqualTo("123.5");
    assertThat(Numbers.decimals(14)).isEqualTo("14.000");
    assertThat(Numbers.decimals(Double.NaN)).isEqualTo("n/a");
  }
}

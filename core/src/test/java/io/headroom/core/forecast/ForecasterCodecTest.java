package io.headroom.core.forecast;

import static io.headroom.core.forecast.SyntheticSeries.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ForecasterCodecTest {
  private static final Duration STEP = Duration.ofMinutes(5);

  static List<String> models() {
    return Forecasters.names();
  }

  @ParameterizedTest
  @MethodSource("models")
  void restoredModel_forecastsAndLearnsExactlyLikeTheOriginal(String name) {
    SyntheticSeries series =
        SyntheticSeries.perMinute().step(STEP).noise(0.1).spikes(0.001).seed(name.hashCode());
    Trace trace = series.trace(Duration.ofDays(12));
    List<TracePoint> points = trace.points();
    int cut = points.size() * 3 / 4;
    LoadForecaster original = Forecasters.create(name, STEP);
    for (TracePoint p : points.subList(0, cut)) {
      original.update(p.timestamp(), p.value());
    }

    byte[] bytes = ForecasterCodec.encode(original);
    LoadForecaster restored = ForecasterCodec.decode(bytes);

    assertThat(restored.name()).isEqualTo(name);
    assertThat(restored.isTrusted()).isEqualTo(original.isTrusted());
    assertThat(restored.forecast(600)).isEqualTo(original.forecast(600));
    for (TracePoint p : points.subList(cut, points.size())) {
      original.update(p.timestamp(), p.value());
      restored.update(p.timestamp(), p.value());
    }
    assertThat(restored.forecast(600)).isEqualTo(original.forecast(600));
    assertThat(ForecasterCodec.encode(restored)).isEqualTo(ForecasterCodec.encode(original));
  }

  @ParameterizedTest
  @MethodSource("models")
  void emptyModel_roundTrips(String name) {
    LoadForecaster empty = Forecasters.create(name, STEP);
    LoadForecaster restored = ForecasterCodec.decode(ForecasterCodec.encode(empty));
    assertThat(restored.forecast(3)).isEmpty();
    restored.update(T0, 4);
    empty.update(T0, 4);
    assertThat(restored.forecast(3)).isEqualTo(empty.forecast(3));
  }

  @org.junit.jupiter.api.Test
  void garbage_andTruncatedBytes_areRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ForecasterCodec.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .withMessageContaining("not an encoded forecaster");
    byte[] bytes = ForecasterCodec.encode(Forecasters.create("seasonal", STEP));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ForecasterCodec.decode(Arrays.copyOf(bytes, bytes.length / 2)))
        .withMessageContaining("truncated");
  }

  @org.junit.jupiter.api.Test
  void stateSize_isBounded_independentOfHistory() {
    LoadForecaster model = Forecasters.create("auto", Duration.ofMinutes(1));
    SyntheticSeries.feed(model, SyntheticSeries.perMinute().trace(Duration.ofDays(3)));
    int afterThreeDays = ForecasterCodec.encode(model).length;
    SyntheticSeries.feed(
        model,
        SyntheticSeries.perMinute().trace(Duration.ofDays(20)).points().stream()
            .filter(p -> p.timestamp().isAfter(T0.plus(Duration.ofDays(3)).minusSeconds(1)))
            .collect(
                java.util.stream.Collectors.collectingAndThen(
                    java.util.stream.Collectors.toList(),
                    l -> new Trace(l, Duration.ofMinutes(1), 0))));
    assertThat(ForecasterCodec.encode(model).length).isEqualTo(afterThreeDays);
    // auto at a 1-minute step: a week of values with running sums (~200 KB), the seasonal candidate
    // (~40 KB), the candidates' stored forecasts and errors (~62 KB); measured 315 KB
    assertThat(afterThreeDays).isLessThan(320_000);
  }
}

package io.headroom.bench;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The forecast job's input for (g): {@code series} services, each with one {@code requests} window
 * a minute for {@code minutes} minutes (the forecast job's default series, {@code requests:sum}),
 * requests following a daily cycle with noise. The same arguments always give the same windows, so
 * every run and every machine forecasts the same data.
 */
public final class ForecastWorkload {
  /** A Monday 00:00 UTC: the windows cover whole days from there. */
  static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final double MINUTES_PER_DAY = 1440;

  private final int series;
  private final int minutes;

  public ForecastWorkload(int series, int minutes) {
    if (series < 1 || minutes < 1) {
      throw new IllegalArgumentException(
          "series and minutes must be >= 1, not " + series + " and " + minutes);
    }
    this.series = series;
    this.minutes = minutes;
  }

  public int series() {
    return series;
  }

  public int minutes() {
    return minutes;
  }

  public long windows() {
    return (long) series * minutes;
  }

  static String service(int index) {
    return String.format("bench-svc-%04d", index);
  }

  /**
   * Every series' window of minute {@code minute}. Windows go out minute by minute, as the Streams
   * app closes them, so each series' windows are in order and event time advances evenly on every
   * partition (a series far ahead of the others would make the rest late for the watermark).
   */
  List<PercentileWindow> minute(int minute) {
    List<PercentileWindow> windows = new ArrayList<>(series);
    Instant start = START.plus(MINUTE.multipliedBy(minute));
    for (int s = 0; s < series; s++) {
      SketchAccumulator requests = new SketchAccumulator(0.01);
      requests.add(requests(s, minute));
      windows.add(
          PercentileWindowMapper.toWindow(
              service(s), "requests", MetricKind.COUNTER, start, start.plus(MINUTE), requests));
    }
    return windows;
  }

  /**
   * Between 50 and 1,000 requests a minute by series, times a daily cycle of ±50 %, times ±10 %
   * noise: the forecasters have a season to find, as on real traffic.
   */
  static double requests(int series, int minute) {
    double base = 50 + 950 * ((series * 37) % 100) / 100.0;
    double daily = 1 + 0.5 * Math.sin(2 * Math.PI * minute / MINUTES_PER_DAY);
    double noise = 0.9 + 0.2 * new SplittableRandom(series * 1_000_003L + minute).nextDouble();
    return Math.round(base * daily * noise);
  }

  /** Produces every window to {@code topic}, keyed by service as the Streams app does. */
  public void produce(String bootstrapServers, String topic) {
    AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int m = 0; m < minutes; m++) {
        for (PercentileWindow window : minute(m)) {
          producer.send(
              new ProducerRecord<>(topic, window.getService().toString(), codec.encode(window)));
        }
      }
      producer.flush();
    }
  }
}

package io.headroom.gateway.mapping;

import io.headroom.core.metric.MetricKind;
import io.headroom.core.metric.MetricValidator;
import io.headroom.core.sketch.SketchAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Maps the series of one remote-write request to metric events under a {@link MappingConfig}:
 * gauges sample for sample, counters as per-second rates ({@link CounterRates}), the buckets of
 * classic histograms as DDSketches ({@link ClassicHistograms}), everything else dropped and counted
 * by {@link Drop} reason. Holds the counter state of every series it has seen, so one gateway
 * process must see all samples of a series (Prometheus sends a series always through the same queue
 * shard, in order). Thread-safe: only the state (counters, histograms, names seen) is locked, each
 * for the step that uses it, so the rest of the mapping (identities, event ids, validation), most
 * of its time, runs on every handler thread at once instead of one request after the other.
 */
public final class SeriesMapper {
  /** Prometheus' staleness marker: a NaN with this exact bit pattern. */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** Metric names whose rule is remembered; beyond, the memory starts over. */
  private static final int MAX_CACHED_NAMES = 10_000;

  /** The events of one request and what was dropped, by reason. */
  public record Result(
      List<MappedSample> samples,
      Map<Drop, Integer> dropped,
      int counterResets,
      List<String> newlyUnmapped) {
    public int dropped(Drop reason) {
      return dropped.getOrDefault(reason, 0);
    }
  }

  private final MappingConfig config;
  private final List<Pattern> patterns;
  private final MetricValidator validator = MetricValidator.withDefaults();
  private final CounterRates counters;
  private final ClassicHistograms histograms;
  private final Map<String, Boolean> unmappedSeen;
  private final Map<String, Optional<SeriesRule>> rulesByName = new ConcurrentHashMap<>();

  /** With sketches of the default accuracy, the percentile app's default. */
  public SeriesMapper(MappingConfig config) {
    this(config, SketchAccumulator.DEFAULT_RELATIVE_ACCURACY);
  }

  /**
   * @param relativeAccuracy of the sketches made from classic histograms: the percentile app's
   *     ({@code headroom.relative-accuracy}), so its windows merge them exactly
   */
  public SeriesMapper(MappingConfig config, double relativeAccuracy) {
    this.config = config;
    this.histograms = new ClassicHistograms(config, relativeAccuracy);
    this.patterns = config.rules().stream().map(SeriesRule::pattern).toList();
    this.counters = new CounterRates(config.maxSeries());
    int bound = config.maxSeries();
    this.unmappedSeen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > bound;
          }
        };
  }

  public Result map(List<PromSeries> request) {
    List<MappedSample> out = new ArrayList<>();
    Map<Drop, Integer> dropped = new EnumMap<>(Drop.class);
    List<String> newlyUnmapped = new ArrayList<>();
    int resets = 0;
    List<ClassicHistograms.Bucket> histogramBuckets = new ArrayList<>();
    EventIds ids = EventIds.forThisThread();
    for (PromSeries series : request) {
      String name = series.name();
      Optional<SeriesRule> rule = ruleFor(name);
      if (rule.isEmpty() || rule.get().action() == SeriesRule.Action.DROP) {
        Drop reason = rule.isEmpty() ? Drop.UNMAPPED : Drop.DROPPED_BY_RULE;
        dropped.merge(reason, series.sampleCount(), Integer::sum);
        if (reason == Drop.UNMAPPED && firstSeen(series.key())) {
          newlyUnmapped.add(series.key());
        }
        continue;
      }
      if (rule.get().action() == SeriesRule.Action.HISTOGRAM) {
        // Mapped together below: one histogram is several series.
        histogramBuckets.add(new ClassicHistograms.Bucket(series, rule.get()));
        continue;
      }
      PromIdentity identity = PromIdentity.of(series.labels(), config);
      if (identity == null) {
        dropped.merge(Drop.NO_SERVICE, series.sampleCount(), Integer::sum);
        continue;
      }
      String service = identity.service();
      String instance = identity.instance();
      SeriesRule r = rule.get();
      String metric = r.metricFor(name);
      byte[] keyUtf8 = series.keyUtf8();
      Map<String, String> eventLabels = identity.labels();
      for (int i = 0; i < series.sampleCount(); i++) {
        double raw = series.values()[i];
        long timestamp = series.timestampsMillis()[i];
        if (Double.isNaN(raw)) {
          boolean stale = Double.doubleToRawLongBits(raw) == STALE_NAN_BITS;
          dropped.merge(stale ? Drop.STALE_MARKER : Drop.NAN, 1, Integer::sum);
          if (stale) {
            synchronized (counters) {
              counters.forget(series.key());
            }
          }
          continue;
        }
        double value;
        if (r.action() == SeriesRule.Action.COUNTER) {
          CounterRates.Step step;
          synchronized (counters) {
            step = counters.next(series.key(), timestamp, raw);
          }
          switch (step.kind()) {
            case FIRST -> {
              dropped.merge(Drop.COUNTER_FIRST_SAMPLE, 1, Integer::sum);
              continue;
            }
            case NOT_NEWER -> {
              dropped.merge(Drop.NOT_NEWER, 1, Integer::sum);
              continue;
            }
            case RESET -> resets++;
            case RATE -> {}
          }
          value = step.perSecond() * r.scale();
        } else {
          value = raw * r.scale();
        }
        Instant eventTime = Instant.ofEpochMilli(timestamp);
        if (validator
            .problem(service, metric, MetricKind.GAUGE, value, eventTime, null)
            .isPresent()) {
          dropped.merge(Drop.INVALID, 1, Integer::sum);
          continue;
        }
        out.add(
            new MappedSample(
                ids.of(keyUtf8, timestamp),
                service,
                instance,
                metric,
                MetricKind.GAUGE,
                value,
                r.unit(),
                eventTime,
                eventLabels));
      }
    }
    if (!histogramBuckets.isEmpty()) {
      Result histogramEvents;
      synchronized (histograms) {
        histogramEvents = histograms.map(histogramBuckets, request);
      }
      out.addAll(histogramEvents.samples());
      histogramEvents.dropped().forEach((reason, n) -> dropped.merge(reason, n, Integer::sum));
      resets += histogramEvents.counterResets();
    }
    return new Result(out, dropped, resets, newlyUnmapped);
  }

  /** Counter series whose last sample is held. */
  public int counterSeries() {
    synchronized (counters) {
      return counters.size();
    }
  }

  /** Classic histograms whose last buckets are held. */
  public int histogramSeries() {
    synchronized (histograms) {
      return histograms.size();
    }
  }

  private boolean firstSeen(String seriesKey) {
    synchronized (unmappedSeen) {
      return unmappedSeen.put(seriesKey, Boolean.TRUE) == null;
    }
  }

  private Optional<SeriesRule> ruleFor(String name) {
    // A request repeats few names many times; trying every glob per series was more than half of
    // the mapping's time (1.1 against 0.5 us a sample on the bench's bodies).
    Optional<SeriesRule> known = rulesByName.get(name);
    if (known != null) {
      return known;
    }
    Optional<SeriesRule> rule = Optional.empty();
    for (int i = 0; i < patterns.size() && rule.isEmpty(); i++) {
      if (patterns.get(i).matcher(name).matches()) {
        rule = Optional.of(config.rules().get(i));
      }
    }
    if (rulesByName.size() >= MAX_CACHED_NAMES) {
      rulesByName.clear();
    }
    rulesByName.put(name, rule);
    return rule;
  }
}

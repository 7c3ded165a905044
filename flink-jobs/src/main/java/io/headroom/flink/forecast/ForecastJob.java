package io.headroom.flink.forecast;

import io.headroom.flink.JobArguments;
import io.headroom.flink.JobEnvironment;
import io.headroom.flink.kafka.AvroRecordSerializer;
import io.headroom.flink.kafka.DeadLetter;
import io.headroom.flink.kafka.DeadLetterSplit;
import io.headroom.flink.kafka.EventClock;
import io.headroom.flink.kafka.KafkaIo;
import io.headroom.flink.kafka.Parsed;
import io.headroom.flink.kafka.ParsedWatermarks;
import io.headroom.flink.kafka.ParsingDeserializer;
import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.flink.windows.WindowChecks;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load forecasting job: {@code metrics.windows} → one model pair per service × metric →
 * {@code load.forecasts}. {@link #build} wires the operators only; {@link #attach} adds the Kafka
 * source (undecodable and invalid windows to {@code metrics.windows.dlq}), event time, checkpoints
 * and the exactly-once sinks; {@link #main} is what {@code flink run} calls.
 */
public final class ForecastJob {
  public static final String NAME = "headroom-forecast";
  private static final Logger LOG = LoggerFactory.getLogger(ForecastJob.class);

  private ForecastJob() {}

  /**
   * Windows of the forecast metrics at the forecast step, keyed by {@code service|metric}, into
   * forecasts. Out-of-order windows leave by the {@link DeadLetterSplit#DEAD_LETTERS} side output
   * of the returned operator.
   */
  public static SingleOutputStreamOperator<LoadForecast> build(DataStream<PercentileWindow> windows, ForecastSettings settings) {
    long stepMillis = settings.step().toMillis();
    return windows
        .filter(w -> settings.seriesOf(w.getMetric()) != null
            && w.getWindowEnd().toEpochMilli() - w.getWindowStart().toEpochMilli() == stepMillis)
        .name("forecast-metrics")
        .uid("forecast-metrics")
        .keyBy(ForecastFunction::key, Types.STRING)
        .process(new ForecastFunction(settings), AvroBytesCodec.typeInfo(LoadForecast.class))
        .name("forecast")
        .uid("forecast");
  }

  /** The whole job on {@code env}: source, event time, {@link #build}, sinks. Does not execute it. */
  public static void attach(StreamExecutionEnvironment env, ForecastSettings settings) {
    JobEnvironment.configure(env, settings.runtime());
    AvroBytesCodec<PercentileWindow> codec = AvroBytesCodec.of(PercentileWindow.class);
    ParsingDeserializer<PercentileWindow> deserializer = new ParsingDeserializer<>(
        new WindowDecoder(), codec, ForecastFunction.CONSUMER);
    DataStream<Parsed<PercentileWindow>> parsed = env.fromSource(
            KafkaIo.source(settings.kafka(), List.of(settings.inputTopic()), settings.groupId(), deserializer),
            ParsedWatermarks.strategy(new WindowClock(), settings.outOfOrderness(), settings.idleness()),
            "windows")
        .uid("windows-source");
    SingleOutputStreamOperator<PercentileWindow> windows = parsed
        .process(new DeadLetterSplit<>(WindowChecks::problem, codec, ForecastFunction.CONSUMER), codec.typeInfoOf())
        .name("decode-check")
        .uid("decode-check");
    SingleOutputStreamOperator<LoadForecast> forecasts = build(windows, settings);
    forecasts.sinkTo(KafkaIo.sink(settings.kafka(), new AvroRecordSerializer<>(LoadForecast.class, settings.outputTopic(),
            LoadForecast::getService, f -> f.getFittedAt().toEpochMilli()), "headroom-forecast-out"))
        .name("forecasts-sink")
        .uid("forecasts-sink");
    DataStream<DeadLetter> deadLetters = windows.getSideOutput(DeadLetterSplit.DEAD_LETTERS)
        .union(forecasts.getSideOutput(DeadLetterSplit.DEAD_LETTERS));
    deadLetters.sinkTo(KafkaIo.deadLetterSink(settings.kafka(), "headroom-forecast-dlq"))
        .name("dead-letters-sink")
        .uid("dead-letters-sink");
    LOG.info("forecast job: {}", settings.summary());
  }

  /** Attaches the job to {@code env} and starts it; the CLI and the demo call this. */
  public static JobClient submit(StreamExecutionEnvironment env, ForecastSettings settings) throws Exception {
    attach(env, settings);
    return env.executeAsync(NAME);
  }

  /** {@code flink run -c io.headroom.flink.forecast.ForecastJob headroom-flink-jobs-job.jar --bootstrap host:9092 ...} */
  public static void main(String[] args) throws Exception {
    ForecastSettings settings = ForecastSettings.fromArguments(JobArguments.parse(args));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    attach(env, settings);
    env.execute(NAME);
  }

  /** Decodes window records (single-object Avro). */
  static final class WindowDecoder implements io.headroom.flink.kafka.TopicDecoder<PercentileWindow> {
    private static final long serialVersionUID = 1L;
    private transient AvroCodec<PercentileWindow> codec;

    @Override
    public PercentileWindow decode(String topic, byte[] value) {
      if (codec == null) {
        codec = AvroCodec.of(PercentileWindow.class);
      }
      return codec.decode(value);
    }
  }

  /** A window's event time is its end: its data is complete then. */
  public static final class WindowClock implements EventClock<PercentileWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public long eventTime(PercentileWindow window) {
      return window.getWindowEnd().toEpochMilli();
    }
  }
}

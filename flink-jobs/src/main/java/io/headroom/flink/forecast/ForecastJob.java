package io.headroom.flink.forecast;

import io.headroom.core.window.WindowValidator;
import io.headroom.flink.JobArguments;
import io.headroom.flink.JobEnvironment;
import io.headroom.flink.kafka.AvroRecordSerializer;
import io.headroom.flink.kafka.DeadLetterSplit;
import io.headroom.flink.kafka.EventClock;
import io.headroom.flink.kafka.KafkaInput;
import io.headroom.flink.kafka.KafkaIo;
import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load forecasting job: {@code metrics.windows} → one model pair per service × metric → {@code
 * load.forecasts}. {@link #build} wires the operators only; {@link #attach} adds the Kafka source
 * (undecodable and invalid windows to {@code metrics.windows.dlq}), event time, checkpoints and the
 * exactly-once sinks; {@link #main} is what {@code flink run} calls.
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
  public static SingleOutputStreamOperator<LoadForecast> build(
      DataStream<PercentileWindow> windows, ForecastSettings settings) {
    long stepMillis = settings.step().toMillis();
    return windows
        .filter(
            w ->
                settings.seriesOf(w.getMetric()) != null
                    && w.getWindowEnd().toEpochMilli() - w.getWindowStart().toEpochMilli()
                        == stepMillis)
        .name("forecast-metrics")
        .uid("forecast-metrics")
        .keyBy(ForecastFunction::key, Types.STRING)
        .process(new ForecastFunction(settings), AvroBytesCodec.typeInfo(LoadForecast.class))
        .name("forecast")
        .uid("forecast");
  }

  /**
   * The whole job on {@code env}: source, event time, {@link #build}, sinks. Does not execute it.
   */
  public static void attach(StreamExecutionEnvironment env, ForecastSettings settings) {
    JobEnvironment.configure(env, settings.runtime());
    KafkaInput<PercentileWindow> input =
        new KafkaInput<>(
            List.of(settings.inputTopic()),
            new WindowDecoder(),
            AvroBytesCodec.of(PercentileWindow.class),
            new WindowClock(),
            ForecastJob::problem,
            ForecastFunction.CONSUMER);
    SingleOutputStreamOperator<PercentileWindow> windows =
        KafkaIo.read(env, settings, input, "windows", "windows-source");
    SingleOutputStreamOperator<LoadForecast> forecasts = build(windows, settings);
    KafkaIo.write(
        forecasts,
        settings.kafka(),
        new AvroRecordSerializer<>(
            LoadForecast.class,
            settings.outputTopic(),
            LoadForecast::getService,
            f -> f.getFittedAt().toEpochMilli()),
        KafkaIo.transactionalIdPrefix(settings, "out"),
        "forecasts-sink");
    KafkaIo.writeDeadLetters(
        windows
            .getSideOutput(DeadLetterSplit.DEAD_LETTERS)
            .union(forecasts.getSideOutput(DeadLetterSplit.DEAD_LETTERS)),
        settings.kafka(),
        KafkaIo.transactionalIdPrefix(settings, "dlq"));
    LOG.info("forecast job: {}", settings.summary());
  }

  /** Attaches the job to {@code env} and starts it; the CLI and the demo call this. */
  public static JobClient submit(StreamExecutionEnvironment env, ForecastSettings settings)
      throws Exception {
    attach(env, settings);
    return env.executeAsync(NAME);
  }

  /**
   * {@code flink run -c io.headroom.flink.forecast.ForecastJob headroom-flink-jobs-job.jar
   * --bootstrap host:9092 ...}
   */
  public static void main(String[] args) throws Exception {
    ForecastSettings settings = ForecastSettings.fromArguments(JobArguments.parse(args));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    attach(env, settings);
    env.execute(NAME);
  }

  /** Why a window cannot be used (core's {@link WindowValidator}), or null when it can. */
  static String problem(PercentileWindow window) {
    return WindowValidator.problem(PercentileWindowMapper.toObservation(window)).orElse(null);
  }

  /** Decodes window records (single-object Avro). */
  static final class WindowDecoder
      implements io.headroom.flink.kafka.TopicDecoder<PercentileWindow> {
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

package io.headroom.flink.scaling;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.window.WindowValidator;
import io.headroom.flink.JobArguments;
import io.headroom.flink.JobEnvironment;
import io.headroom.flink.kafka.AvroRecordSerializer;
import io.headroom.flink.kafka.DeadLetterSplit;
import io.headroom.flink.kafka.EventClock;
import io.headroom.flink.kafka.KafkaInput;
import io.headroom.flink.kafka.KafkaIo;
import io.headroom.flink.kafka.TopicDecoder;
import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.flink.serde.CodecTypeInfo;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.schemas.ScalingCommand;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scaling-commands job: {@code metrics.windows} + {@code load.forecasts} → per target, core's
 * HPA engine or predictive policy every sync period in event time → {@code scaling.commands}.
 * {@link #build} wires the operators only; {@link #attach} adds one Kafka source over both topics
 * (bad records to {@code <topic>.dlq}), the targets-file re-reader, checkpoints and the
 * exactly-once sinks; {@link #main} is what {@code flink run} calls.
 */
public final class ScalingJob {
  public static final String NAME = "headroom-scaling";
  static final String CONSUMER = "scaling";
  private static final Logger LOG = LoggerFactory.getLogger(ScalingJob.class);

  private ScalingJob() {}

  /** Windows and forecasts (each may be null for none) into scaling commands. */
  public static DataStream<ScalingCommand> build(
      DataStream<PercentileWindow> windows,
      DataStream<LoadForecast> forecasts,
      DataStream<TargetsFile> targetUpdates,
      ScalingSettings settings) {
    CodecTypeInfo<ScalingInput> type = CodecTypeInfo.of(new ScalingInput.Codec());
    DataStream<ScalingInput> inputs = null;
    if (windows != null) {
      inputs = windows.map(ScalingInput::of, type).name("windows-as-input").uid("windows-as-input");
    }
    if (forecasts != null) {
      DataStream<ScalingInput> f =
          forecasts
              .map(ScalingInput::of, type)
              .name("forecasts-as-input")
              .uid("forecasts-as-input");
      inputs = inputs == null ? f : inputs.union(f);
    }
    if (inputs == null) {
      throw new IllegalArgumentException("windows: the scaling job needs a windows stream");
    }
    return build(inputs, targetUpdates, settings);
  }

  /**
   * Inputs keyed by target into commands. {@code targetUpdates} re-delivers the targets file; the
   * targets in {@code settings} apply until a different valid version arrives. Null only for
   * bounded inputs (tests): the targets then come as one element that ends, whose end-of-time
   * watermark would let a quiet unbounded input jump to the end of time ({@link #attach} passes a
   * stream that never ends).
   */
  public static SingleOutputStreamOperator<ScalingCommand> build(
      DataStream<ScalingInput> inputs,
      DataStream<TargetsFile> targetUpdates,
      ScalingSettings settings) {
    DataStream<TargetsFile> updates =
        targetUpdates != null
            ? targetUpdates
            : inputs
                .getExecutionEnvironment()
                .fromData(
                    CodecTypeInfo.of(new TargetsFile.Codec()),
                    new TargetsFile("(settings)", settings.targetsText(), null))
                .assignTimestampsAndWatermarks(TargetsFileSource.idle())
                .name("targets-fixed")
                .uid("targets-fixed");
    BroadcastStream<TargetsFile> broadcast = updates.broadcast(ScalingFunction.TARGETS_DESCRIPTOR);
    return inputs
        .keyBy(ScalingInput::target, Types.STRING)
        .connect(broadcast)
        .process(new ScalingFunction(settings), AvroBytesCodec.typeInfo(ScalingCommand.class))
        .name("decide")
        .uid("decide");
  }

  /**
   * The whole job on {@code env}: source, event time, targets re-reader, {@link #build}, sinks.
   * Does not execute it.
   */
  public static void attach(StreamExecutionEnvironment env, ScalingSettings settings) {
    JobEnvironment.configure(env, settings.runtime());
    KafkaInput<ScalingInput> input =
        new KafkaInput<>(
            List.of(settings.windowsTopic(), settings.forecastsTopic()),
            new InputDecoder(settings.windowsTopic(), settings.forecastsTopic()),
            new ScalingInput.Codec(),
            new InputClock(),
            ScalingJob::problem,
            CONSUMER);
    SingleOutputStreamOperator<ScalingInput> inputs =
        KafkaIo.read(env, settings, input, "windows+forecasts", "inputs-source");
    DataStream<ScalingInput> all = inputs;
    if (QueueLagSource.needed(settings)) {
      all =
          inputs.union(
              env.fromSource(QueueLagSource.create(settings), QueueLagSource.idle(), "queue-lag")
                  .setParallelism(1)
                  .uid("queue-lag")
                  .<ScalingInput>flatMap(
                      (batch, out) -> batch.readings().forEach(out::collect),
                      CodecTypeInfo.of(new ScalingInput.Codec()))
                  .setParallelism(1)
                  .name("lag-readings")
                  .uid("lag-readings"));
    }
    boolean polled = settings.targetsPath() != null && !settings.targetsPoll().isZero();
    DataStream<TargetsFile> updates =
        env.fromSource(
                polled
                    ? TargetsFileSource.create(settings.targetsPath(), settings.targetsPoll())
                    : TargetsFileSource.fixed(settings.targetsText()),
                TargetsFileSource.idle(),
                polled ? "targets-file" : "targets-text")
            .setParallelism(1)
            .uid(polled ? "targets-file" : "targets-text");
    KafkaIo.write(
        build(all, updates, settings),
        settings.kafka(),
        new AvroRecordSerializer<>(
            ScalingCommand.class,
            settings.outputTopic(),
            ScalingCommand::getTarget,
            c -> c.getDecidedAt().toEpochMilli()),
        KafkaIo.transactionalIdPrefix(settings, "out"),
        "commands-sink");
    KafkaIo.writeDeadLetters(
        inputs.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
        settings.kafka(),
        KafkaIo.transactionalIdPrefix(settings, "dlq"));
    LOG.info("scaling job: {}", settings.summary());
  }

  /** Attaches the job to {@code env} and starts it; the CLI and the demo call this. */
  public static JobClient submit(StreamExecutionEnvironment env, ScalingSettings settings)
      throws Exception {
    attach(env, settings);
    return env.executeAsync(NAME);
  }

  /**
   * {@code flink run -c io.headroom.flink.scaling.ScalingJob headroom-flink-jobs-job.jar
   * --bootstrap host:9092 --targets targets.yaml ...}
   */
  public static void main(String[] args) throws Exception {
    ScalingSettings settings = ScalingSettings.fromArguments(JobArguments.parse(args));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    attach(env, settings);
    env.execute(NAME);
  }

  /** Why an input cannot be used, or null. */
  static String problem(ScalingInput input) {
    if (input.window() != null) {
      return WindowValidator.problem(PercentileWindowMapper.toObservation(input.window()))
          .orElse(null);
    }
    LoadForecast forecast = input.forecast();
    if (forecast.getService() == null || forecast.getService().isBlank()) {
      return "service: empty, a forecast needs the service it belongs to";
    }
    if (forecast.getStepSeconds() <= 0) {
      return "stepSeconds: " + forecast.getStepSeconds() + " must be > 0";
    }
    for (ForecastPoint point : ForecastRecords.points(forecast)) {
      if (!point.isFinite()) {
        return "points: the point at " + point.timestamp() + " is not finite";
      }
    }
    return null;
  }

  /** Decodes by topic: windows from the windows topic, forecasts from the forecasts topic. */
  static final class InputDecoder implements TopicDecoder<ScalingInput> {
    private static final long serialVersionUID = 1L;
    private final String windowsTopic;
    private final String forecastsTopic;
    private transient AvroCodec<PercentileWindow> windows;
    private transient AvroCodec<LoadForecast> forecasts;

    InputDecoder(String windowsTopic, String forecastsTopic) {
      this.windowsTopic = windowsTopic;
      this.forecastsTopic = forecastsTopic;
    }

    @Override
    public ScalingInput decode(String topic, byte[] value) {
      if (windows == null) {
        windows = AvroCodec.of(PercentileWindow.class);
        forecasts = AvroCodec.of(LoadForecast.class);
      }
      if (topic.equals(windowsTopic)) {
        return ScalingInput.of(windows.decode(value));
      }
      if (topic.equals(forecastsTopic)) {
        return ScalingInput.of(forecasts.decode(value));
      }
      throw new IllegalArgumentException(
          "topic " + topic + " is neither " + windowsTopic + " nor " + forecastsTopic);
    }
  }

  /** Windows drive event time at their end; forecasts do not drive it. */
  static final class InputClock implements EventClock<ScalingInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public long eventTime(ScalingInput input) {
      return input.eventTime();
    }

    @Override
    public boolean drivesWatermark(ScalingInput input) {
      return input.window() != null;
    }
  }
}

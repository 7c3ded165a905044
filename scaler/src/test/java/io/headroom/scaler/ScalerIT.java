package io.headroom.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.headroom.ingest.TopicSetup;
import io.headroom.scaler.externalscaler.ExternalScalerGrpc;
import io.headroom.scaler.externalscaler.GetMetricSpecResponse;
import io.headroom.scaler.externalscaler.GetMetricsRequest;
import io.headroom.scaler.externalscaler.IsActiveResponse;
import io.headroom.scaler.externalscaler.MetricValue;
import io.headroom.scaler.externalscaler.ScaledObjectRef;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.ScalingCommand;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scaler on a real broker, called with a gRPC client generated from KEDA's proto, as KEDA calls
 * it: real {@code ScalingCommand} records in, KEDA's answers out.
 */
@ExtendWith(LocalStackExtension.class)
class ScalerIT {
  private static final String TOPIC = "it.scaler.commands";
  private static final Duration STALE_AFTER = Duration.ofSeconds(8);
  private static final AvroCodec<ScalingCommand> CODEC = AvroCodec.of(ScalingCommand.class);

  @Test
  void keda_getsTheLatestCommittedReplicas_thenInactiveAndAnErrorOnceStale(StackEndpoints stack)
      throws Exception {
    String bootstrap = stack.bootstrapServers();
    TopicSetup.ensure(bootstrap, Map.of(TOPIC, 2), (short) 1);
    ScalerSettings settings =
        ScalerSettings.of(bootstrap).withTopic(TOPIC).withPort(0).withStaleAfter(STALE_AFTER);

    try (ScalerServer scaler = ScalerServer.start(settings, Clock.systemUTC());
        Client keda = new Client(scaler.port());
        var plain = producer(bootstrap, Map.of());
        var producer = producer(bootstrap, Map.of("transactional.id", "it-scaler-tx"))) {
      // The spec needs only the target's name: KEDA can build the HPA before any command.
      GetMetricSpecResponse spec = keda.blocking().getMetricSpec(ref("checkout"));
      assertThat(spec.getMetricSpecsList()).hasSize(1);
      assertThat(spec.getMetricSpecs(0).getMetricName()).isEqualTo("headroom-replicas-checkout");
      assertThat(spec.getMetricSpecs(0).getTargetSize()).isEqualTo(1);
      assertThat(spec.getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(1.0);

      assertCode(() -> keda.blocking().isActive(ref("checkout")), Status.Code.NOT_FOUND)
          .hasMessage("NOT_FOUND: no scaling command for target checkout on " + TOPIC);

      // a plain (non-transactional) write, then a committed and an aborted transaction
      plain.send(record("checkout", 3, Instant.now()));
      plain.flush();
      assertThat(await(() -> metric(keda, "checkout"), 3.0)).isEqualTo(3.0);
      assertThat(keda.blocking().isActive(ref("checkout")).getResult()).isTrue();

      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record("checkout", 99, Instant.now().plusMillis(1)));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(record("checkout", 7, Instant.now()));
      producer.send(record("cart", 0, Instant.now()));
      producer.commitTransaction();
      assertThat(await(() -> metric(keda, "checkout"), 7.0))
          .as("the aborted 99 is never read")
          .isEqualTo(7.0);
      Instant decided7 = Instant.now();
      MetricValue value = metricValue(keda, "checkout");
      assertThat(value.getMetricName()).isEqualTo("headroom-replicas-checkout");
      assertThat(value.getMetricValue()).isEqualTo(7);

      // zero replicas: known and fresh, but not active (KEDA may scale it to zero)
      assertThat(await(() -> keda.blocking().isActive(ref("cart")).getResult(), false)).isFalse();
      assertThat(metric(keda, "cart")).isEqualTo(0.0);

      // StreamIsActive: true at once, then false when the command grows stale, unprompted
      BlockingQueue<Object> pushed = new LinkedBlockingQueue<>();
      keda.async.streamIsActive(ref("checkout"), collect(pushed));
      assertThat(pushed.poll(5, TimeUnit.SECONDS)).isEqualTo(true);
      assertThat(pushed.poll(STALE_AFTER.plusSeconds(8).toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(false);
      assertThat(Duration.between(decided7, Instant.now()))
          .isGreaterThan(STALE_AFTER.minusSeconds(2));

      assertThat(keda.blocking().isActive(ref("checkout")).getResult()).isFalse();
      assertCode(() -> metric(keda, "checkout"), Status.Code.UNAVAILABLE)
          .hasMessageContaining("checkout: latest scaling command is ")
          .hasMessageEndingWith(" old (stale after 8s)");

      // a fresh command: the open stream says true again
      producer.beginTransaction();
      producer.send(record("checkout", 5, Instant.now()));
      producer.commitTransaction();
      assertThat(pushed.poll(10, TimeUnit.SECONDS)).isEqualTo(true);
      assertThat(metric(keda, "checkout")).isEqualTo(5.0);

      assertCode(() -> metric(keda, "nobody"), Status.Code.NOT_FOUND);
      assertCode(
              () -> keda.blocking().isActive(ScaledObjectRef.newBuilder().setName("x").build()),
              Status.Code.INVALID_ARGUMENT)
          .hasMessageContaining("trigger metadata needs 'target: <Headroom target name>'");
      BlockingQueue<Object> unknown = new LinkedBlockingQueue<>();
      keda.async.streamIsActive(ref("nobody"), collect(unknown));
      assertThat(unknown.poll(5, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

      assertThat(scaler.heartbeat()).startsWith("scaler: 2 targets known, 4 commands read (+4)");

      // closing with a stream open ends it cleanly and quickly
      long start = System.nanoTime();
      scaler.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      assertThat(pushed.poll(5, TimeUnit.SECONDS)).isEqualTo("completed");
    }
  }

  @Test
  void start_failsInOneLine_whenNoBrokerAnswers() {
    ScalerSettings settings = ScalerSettings.of("127.0.0.1:1").withPort(0);

    assertThatThrownBy(() -> ScalerServer.start(settings, Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no Kafka broker answered at 127.0.0.1:1 within 15 s")
        .hasMessageNotContaining("\n");
  }

  private static double metric(Client keda, String target) {
    return metricValue(keda, target).getMetricValueFloat();
  }

  private static MetricValue metricValue(Client keda, String target) {
    var response =
        keda.blocking()
            .getMetrics(
                GetMetricsRequest.newBuilder()
                    .setScaledObjectRef(ref(target))
                    .setMetricName("headroom-replicas-" + target)
                    .build());
    assertThat(response.getMetricValuesList()).hasSize(1);
    return response.getMetricValues(0);
  }

  private static ScaledObjectRef ref(String target) {
    return ScaledObjectRef.newBuilder()
        .setName(target + "-scaler")
        .setNamespace("shop")
        .putScalerMetadata("target", target)
        .build();
  }

  private static ProducerRecord<String, byte[]> record(String target, int replicas, Instant at) {
    ScalingCommand command =
        ScalingCommand.newBuilder()
            .setCommandId(target + "|" + at.toEpochMilli())
            .setTarget(target)
            .setDecidedAt(at)
            .setFromReplicas(1)
            .setToReplicas(replicas)
            .setPolicy("predictive")
            .setLimit("DesiredWithinRange")
            .setReason("it")
            .build();
    return new ProducerRecord<>(TOPIC, target, CODEC.encode(command));
  }

  private static KafkaProducer<String, byte[]> producer(
      String bootstrap, Map<String, Object> settings) {
    Map<String, Object> config = new java.util.HashMap<>(settings);
    config.put("bootstrap.servers", bootstrap);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Collects a stream's messages, its error or "completed". */
  private static StreamObserver<IsActiveResponse> collect(BlockingQueue<Object> into) {
    return new StreamObserver<>() {
      @Override
      public void onNext(IsActiveResponse value) {
        into.add(value.getResult());
      }

      @Override
      public void onError(Throwable t) {
        into.add(t);
      }

      @Override
      public void onCompleted() {
        into.add("completed");
      }
    };
  }

  /** Polls until {@code read} returns {@code expected} (errors count as not yet), for 15 s. */
  private static <T> T await(Supplier<T> read, T expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = read.get();
        if (expected.equals(last)) {
          return last;
        }
      } catch (StatusRuntimeException e) {
        // not read yet
      }
      Thread.sleep(100);
    }
    return last;
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertCode(
      Runnable call, Status.Code code) {
    return assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  private static final class Client implements AutoCloseable {
    final ManagedChannel channel;
    final ExternalScalerGrpc.ExternalScalerStub async;

    Client(int port) {
      channel =
          Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
              .build();
      async = ExternalScalerGrpc.newStub(channel);
    }

    /** A stub whose calls each get 10 s (a deadline is fixed when the stub is made). */
    ExternalScalerGrpc.ExternalScalerBlockingStub blocking() {
      return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}

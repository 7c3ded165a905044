package io.headroom.bench;

import io.headroom.gateway.GatewayApp;
import io.headroom.gateway.GatewaySettings;
import io.headroom.gateway.RemoteWriteServer;
import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.ingest.TopicSetup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * (e): samples per second through the gateway (remote-write bodies posted by concurrent clients,
 * decoded, mapped, produced to Kafka, answered once acknowledged) next to producing the very
 * records the gateway produced straight to Kafka, with the gateway's producer settings.
 */
final class GatewayBench {
  private static final long SETTLE_MILLIS = 1_000;

  private final KafkaBench kafka;
  private final CpuTime cpu;
  private final MappingConfig mapping = MappingConfig.defaults();

  /**
   * One measurement: records per second, CPU microseconds per record in this JVM and the broker.
   */
  record Run(double perSecond, double ownMicrosPerRecord, double brokerMicrosPerRecord) {
    Run(double perSecond, CpuTime.Reading before, CpuTime.Reading after, int records) {
      this(
          perSecond,
          (after.ownNanos() - before.ownNanos()) / 1e3 / records,
          (after.brokerNanos() - before.brokerNanos()) / 1e3 / records);
    }

    double cpuMicrosPerRecord() {
      return ownMicrosPerRecord + brokerMicrosPerRecord;
    }
  }

  GatewayBench(KafkaBench kafka, CpuTime cpu) {
    this.kafka = kafka;
    this.cpu = cpu;
  }

  /**
   * A gateway and a raw producer that live through all the rounds, as a gateway runs for days, so
   * that no round pays for starting either.
   */
  final class Sides implements AutoCloseable {
    private final RemoteWriteServer gateway;
    private final String gatewayTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Long> gatewayThreadNanos = new TreeMap<>();
    private final Map<String, Long> rawThreadNanos = new TreeMap<>();
    private long gatewaySamples;
    private long rawRecords;

    private Sides(String gatewayTopic) throws Exception {
      TopicSetup.ensure(kafka.bootstrap(), Map.of(gatewayTopic, kafka.partitions()), (short) 1);
      this.gatewayTopic = gatewayTopic;
      this.gateway = RemoteWriteServer.start(settings(gatewayTopic, null), mapping);
      this.producer = new KafkaProducer<>(settings(gatewayTopic, null).kafkaProperties());
    }

    /** The topic every gateway round produces to; the first round's records come first. */
    String gatewayTopic() {
      return gatewayTopic;
    }

    /**
     * Samples per second from the first POST to the last 204 (every event acknowledged), with
     * {@code clientCount} clients posting at once, as a Prometheus' queue shards: each waits for
     * its answer, which waits for the broker's acks.
     */
    Run throughGateway(RemoteWriteWorkload workload, int clientCount) throws Exception {
      RemoteWriteClients clients = new RemoteWriteClients(gateway.port());
      long producedBefore = gateway.stats().producedEvents();
      settle();
      ThreadCpu.Reading threadsBefore = ThreadCpu.read();
      CpuTime.Reading cpuStart = cpu.read();
      long start = System.nanoTime();
      clients.postAll(workload.bodies(), clientCount);
      double seconds = (System.nanoTime() - start) / 1e9;
      CpuTime.Reading cpuEnd = cpu.read();
      ThreadCpu.addSpent(threadsBefore, ThreadCpu.read(), gatewayThreadNanos);
      gatewayThreadNanos.merge("bench HTTP clients", clients.threadCpuNanos(), Long::sum);
      gatewaySamples += workload.samples();
      long produced = gateway.stats().producedEvents() - producedBefore;
      if (produced != workload.samples()) {
        throw new IllegalStateException(
            "the gateway produced "
                + produced
                + " events from "
                + workload.samples()
                + " gauge samples");
      }
      return new Run(workload.samples() / seconds, cpuStart, cpuEnd, workload.samples());
    }

    /** Records per second producing {@code records} (key, timestamp, value) until all are acked. */
    Run rawProduce(List<ConsumerRecord<String, byte[]>> records, String topic) throws Exception {
      TopicSetup.ensure(kafka.bootstrap(), Map.of(topic, kafka.partitions()), (short) 1);
      AtomicReference<Exception> failure = new AtomicReference<>();
      settle();
      ThreadCpu.Reading threadsBefore = ThreadCpu.read();
      CpuTime.Reading cpuStart = cpu.read();
      long start = System.nanoTime();
      for (ConsumerRecord<String, byte[]> r : records) {
        producer.send(
            new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value()),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
      }
      producer.flush();
      // Every record acknowledged: where the gateway side stops its clock too (its last 204).
      double seconds = (System.nanoTime() - start) / 1e9;
      Run run = new Run(records.size() / seconds, cpuStart, cpu.read(), records.size());
      ThreadCpu.addSpent(threadsBefore, ThreadCpu.read(), rawThreadNanos);
      rawRecords += records.size();
      if (failure.get() != null) {
        throw new IllegalStateException("raw produce failed: " + failure.get(), failure.get());
      }
      return run;
    }

    /** Forgets the thread times of the runs so far (the warm-ups). */
    void resetThreadCpu() {
      gatewayThreadNanos.clear();
      rawThreadNanos.clear();
      gatewaySamples = 0;
      rawRecords = 0;
    }

    /** CPU microseconds per sample by thread group over the gateway runs since the reset. */
    Map<String, Double> gatewayThreadMicros() {
      return perRecord(gatewayThreadNanos, gatewaySamples);
    }

    /** CPU microseconds per record by thread group over the raw runs since the reset. */
    Map<String, Double> rawThreadMicros() {
      return perRecord(rawThreadNanos, rawRecords);
    }

    private static Map<String, Double> perRecord(Map<String, Long> nanos, long records) {
      Map<String, Double> micros = new LinkedHashMap<>();
      nanos.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> micros.put(e.getKey(), e.getValue() / 1e3 / Math.max(1, records)));
      return micros;
    }

    @Override
    public void close() {
      try (producer) {
        gateway.close();
      }
    }
  }

  Sides sides(String gatewayTopic) throws Exception {
    return new Sides(gatewayTopic);
  }

  /**
   * Collects the garbage and lets the broker finish writing before a measured run, so that neither
   * side pays for the run before it (alternating rounds otherwise hand each other a heap to collect
   * and a broker still flushing).
   */
  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(SETTLE_MILLIS);
  }

  /** The gateway's settings on the bench's broker, any free port; null: default in-flight bound. */
  GatewaySettings settings(String topic, Integer maxInFlight) throws Exception {
    return GatewayApp.configure(kafka.bootstrap(), "127.0.0.1:0", topic, null, maxInFlight);
  }
}

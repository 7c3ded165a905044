package io.headroom.streams.alerts;

import io.headroom.core.alerts.AlertEvaluator;
import io.headroom.schemas.Alert;
import io.headroom.schemas.PercentileWindow;
import io.headroom.streams.AvroSerdes;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * metrics.windows (keyed by service) → windows of the rules' size and metrics → the core alert
 * rules, with one state per service in a changelogged store → alerts (firing / resolved changes
 * only, keyed by service). The loader routes the alerts topic into the {@code alerts} table.
 * Windows that do not decode, and windows core's validator rejects ({@link InvalidWindows}), go to
 * the dead-letter topic.
 */
public final class AlertTopology {
  static final String STATE_STORE = "alert-state";

  private AlertTopology() {}

  public static Topology build(AlertSettings settings) {
    StreamsBuilder builder = new StreamsBuilder();
    KeyValueBytesStoreSupplier supplier =
        settings.inMemoryStores()
            ? Stores.inMemoryKeyValueStore(STATE_STORE)
            : Stores.persistentKeyValueStore(STATE_STORE);
    builder.addStateStore(
        Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray()));

    AlertEvaluator evaluator = new AlertEvaluator(settings.rules());
    Duration window = settings.rules().window();
    Serde<PercentileWindow> windows = AvroSerdes.of(PercentileWindow.class);
    builder.stream(settings.inputTopic(), Consumed.with(Serdes.String(), windows))
        .filter((service, w) -> w != null, Named.as("windows"))
        .split(Named.as("windows-"))
        .branch(
            (service, w) -> InvalidWindows.problem(w).isPresent(),
            Branched.withConsumer(
                invalid ->
                    invalid
                        .processValues(InvalidWindows::new, Named.as("invalid-windows"))
                        .to(settings.deadLetterTopic(), Produced.with(Serdes.String(), windows))))
        .defaultBranch(
            Branched.withConsumer(
                valid ->
                    valid
                        // Skip the store round trip for windows no rule reads (other sizes, other
                        // metrics).
                        .filter(
                            (service, w) ->
                                settings.rules().reads(w.getMetric())
                                    && Duration.between(w.getWindowStart(), w.getWindowEnd())
                                        .equals(window),
                            Named.as("rule-windows"))
                        .processValues(
                            () -> new AlertProcessor(evaluator),
                            Named.as("evaluate-rules"),
                            STATE_STORE)
                        .to(
                            settings.outputTopic(),
                            Produced.with(Serdes.String(), AvroSerdes.of(Alert.class)))));
    return builder.build();
  }
}

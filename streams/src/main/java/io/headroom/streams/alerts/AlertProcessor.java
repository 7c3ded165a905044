package io.headroom.streams.alerts;

import io.headroom.core.alerts.AlertChange;
import io.headroom.core.alerts.AlertEvaluator;
import io.headroom.core.alerts.AlertStateCodec;
import io.headroom.core.alerts.ServiceAlertState;
import io.headroom.schemas.Alert;
import io.headroom.schemas.AlertMapper;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The adapter around the core {@link AlertEvaluator}: loads the service's state from the store,
 * hands it the window, saves the new state and forwards each change as an alert record stamped with
 * its event time. No decisions here.
 */
final class AlertProcessor implements FixedKeyProcessor<String, PercentileWindow, Alert> {
  private final AlertEvaluator evaluator;
  private FixedKeyProcessorContext<String, Alert> context;
  private KeyValueStore<String, byte[]> store;

  AlertProcessor(AlertEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Alert> context) {
    this.context = context;
    this.store = context.getStateStore(AlertTopology.STATE_STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, PercentileWindow> record) {
    String service = record.value().getService();
    byte[] stored = store.get(service);
    ServiceAlertState state =
        stored == null ? ServiceAlertState.EMPTY : AlertStateCodec.decode(stored);
    AlertEvaluator.Result result =
        evaluator.observe(state, PercentileWindowMapper.toObservation(record.value()));
    if (!result.state().equals(state)) {
      store.put(service, AlertStateCodec.encode(result.state()));
    }
    for (AlertChange change : result.changes()) {
      context.forward(
          record
              .withValue(AlertMapper.toAlert(change))
              .withTimestamp(change.changedAt().toEpochMilli()));
    }
  }
}

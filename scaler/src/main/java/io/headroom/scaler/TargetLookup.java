package io.headroom.scaler;

import io.grpc.Status;
import io.headroom.core.keda.ExternalScalerRules;
import io.headroom.core.keda.ReplicaCommand;
import io.headroom.core.keda.TargetStatus;
import java.time.Clock;

/** A target's status now: its latest command judged by core's rules against the wall clock. */
final class TargetLookup {
  private final LatestCommands commands;
  private final ExternalScalerRules rules;
  private final Clock clock;
  private final String topic;

  TargetLookup(LatestCommands commands, ExternalScalerRules rules, Clock clock, String topic) {
    this.commands = commands;
    this.rules = rules;
    this.clock = clock;
    this.topic = topic;
  }

  /**
   * @throws io.grpc.StatusRuntimeException NOT_FOUND while no command for {@code target} was read
   */
  TargetStatus status(String target) {
    ReplicaCommand latest =
        commands
            .latest(target)
            .orElseThrow(
                () ->
                    Status.NOT_FOUND
                        .withDescription("no scaling command for target " + target + " on " + topic)
                        .asRuntimeException());
    return rules.judge(latest, clock.instant());
  }
}

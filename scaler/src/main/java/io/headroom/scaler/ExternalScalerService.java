package io.headroom.scaler;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.headroom.core.keda.ExternalScalerRules;
import io.headroom.core.keda.TargetStatus;
import io.headroom.scaler.externalscaler.ExternalScalerGrpc;
import io.headroom.scaler.externalscaler.GetMetricSpecResponse;
import io.headroom.scaler.externalscaler.GetMetricsRequest;
import io.headroom.scaler.externalscaler.GetMetricsResponse;
import io.headroom.scaler.externalscaler.IsActiveResponse;
import io.headroom.scaler.externalscaler.MetricSpec;
import io.headroom.scaler.externalscaler.MetricValue;
import io.headroom.scaler.externalscaler.ScaledObjectRef;

/**
 * KEDA's {@code externalscaler.ExternalScaler} over the latest commands: translates requests to
 * core's {@link ExternalScalerRules} and its answers to responses or gRPC errors, nothing else.
 * {@code StreamMetricSpec} is left unimplemented (UNIMPLEMENTED): the spec never changes, and KEDA
 * then keeps polling {@code GetMetricSpec}.
 */
final class ExternalScalerService extends ExternalScalerGrpc.ExternalScalerImplBase {
  private final TargetLookup targets;
  private final ActivityStreams streams;

  ExternalScalerService(TargetLookup targets, ActivityStreams streams) {
    this.targets = targets;
    this.streams = streams;
  }

  @Override
  public void getMetricSpec(ScaledObjectRef ref, StreamObserver<GetMetricSpecResponse> response) {
    // Needs only the target's name: the HPA can be created before the first command arrives.
    try {
      String target = target(ref);
      response.onNext(
          GetMetricSpecResponse.newBuilder()
              .addMetricSpecs(
                  MetricSpec.newBuilder()
                      .setMetricName(ExternalScalerRules.metricName(target))
                      .setTargetSize((long) ExternalScalerRules.TARGET_SIZE)
                      .setTargetSizeFloat(ExternalScalerRules.TARGET_SIZE))
              .build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  @Override
  public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> response) {
    try {
      String target = target(request.getScaledObjectRef());
      String metricName = ExternalScalerRules.metricName(target);
      if (!request.getMetricName().isEmpty() && !request.getMetricName().equals(metricName)) {
        throw Status.NOT_FOUND
            .withDescription(
                "unknown metric "
                    + request.getMetricName()
                    + " (target "
                    + target
                    + " has "
                    + metricName
                    + ")")
            .asRuntimeException();
      }
      TargetStatus status = targets.status(target);
      if (status.state() == TargetStatus.State.STALE) {
        // An error, not a number: KEDA's fallback only takes over when the scaler fails.
        throw Status.UNAVAILABLE.withDescription(status.staleReason()).asRuntimeException();
      }
      response.onNext(
          GetMetricsResponse.newBuilder()
              .addMetricValues(
                  MetricValue.newBuilder()
                      .setMetricName(metricName)
                      .setMetricValue(status.replicas())
                      .setMetricValueFloat(status.replicas()))
              .build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  @Override
  public void isActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> response) {
    try {
      boolean active = targets.status(target(ref)).active();
      response.onNext(IsActiveResponse.newBuilder().setResult(active).build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  @Override
  public void streamIsActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> response) {
    try {
      String target = target(ref);
      targets.status(target); // unknown target: NOT_FOUND now, as IsActive
      streams.open(target, response);
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  private static String target(ScaledObjectRef ref) {
    String target = ref.getScalerMetadataMap().get(ExternalScalerRules.TARGET_METADATA_KEY);
    if (target == null || target.isBlank()) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "ScaledObject "
                  + ref.getNamespace()
                  + "/"
                  + ref.getName()
                  + ": trigger metadata needs '"
                  + ExternalScalerRules.TARGET_METADATA_KEY
                  + ": <Headroom target name>'")
          .asRuntimeException();
    }
    return target;
  }
}

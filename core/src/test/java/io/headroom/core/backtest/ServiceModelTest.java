package io.headroom.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceModelTest {

  @Test
  void newPods_becomeReadyOnlyAfterTheStartupDelay() {
    ServiceModel service = new ServiceModel(2, 120);
    service.scaleTo(5, 0);
    assertThat(service.desired()).isEqualTo(5);
    service.advanceTo(119);
    assertThat(service.ready()).isEqualTo(2);
    service.advanceTo(120);
    assertThat(service.ready()).isEqualTo(5);
    assertThat(service.pending()).isZero();
  }

  @Test
  void scaleDown_removesPendingPodsFirst_youngestFirst_thenReadyOnes() {
    ServiceModel service = new ServiceModel(2, 120);
    service.scaleTo(4, 0); // two pods ready at 120
    service.scaleTo(5, 60); // one more ready at 180
    service.scaleTo(4, 90); // the youngest pending pod (ready at 180) goes
    assertThat(service.ready()).isEqualTo(2);
    assertThat(service.pending()).isEqualTo(2);
    service.advanceTo(120);
    assertThat(service.ready()).isEqualTo(4);
    service.advanceTo(180);
    assertThat(service.ready()).isEqualTo(4);

    service.scaleTo(6, 200); // two pending, ready at 320
    service.scaleTo(3, 210); // both pending pods go, then one ready pod, at once
    assertThat(service.pending()).isZero();
    assertThat(service.ready()).isEqualTo(3);
    service.advanceTo(400);
    assertThat(service.ready()).isEqualTo(3);
  }

  @Test
  void withoutStartupDelay_podsServeAtOnce() {
    ServiceModel service = new ServiceModel(1, 0);
    service.scaleTo(3, 10);
    assertThat(service.ready()).isEqualTo(3);
  }

  @Test
  void manyPendingPods_growTheBufferWithoutLosingOrder() {
    ServiceModel service = new ServiceModel(0, 100);
    for (int t = 0; t < 50; t++) {
      service.scaleTo(service.desired() + 1, t);
    }
    service.advanceTo(124);
    assertThat(service.ready()).isEqualTo(25);
    assertThat(service.pending()).isEqualTo(25);
  }
}

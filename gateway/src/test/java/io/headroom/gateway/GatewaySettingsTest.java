package io.headroom.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {
  private static final Map<String, String> SASL =
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "PLAIN",
          "sasl.jaas.config",
              "org.apache.kafka.common.security.plain.PlainLoginModule required"
                  + " username=\"gw\" password=\"s3cret\";");

  /** SASL/TLS settings must reach every client, or the OTLP consumer could not log in. */
  @Test
  void kafkaProperties_reachTheProducers_theOtlpConsumer_andTheBrokerCheck() {
    GatewaySettings settings =
        GatewaySettings.defaults("broker:9092")
            .withOtlpTopic("otlp_metrics", null)
            .withKafkaProperties(SASL);

    for (Properties client :
        new Properties[] {
          settings.kafkaProperties(),
          settings.deadLetterProducerProperties(),
          settings.otlpConsumerProperties(),
          settings.brokerCheckProperties()
        }) {
      assertThat(client).containsAllEntriesOf(SASL);
      assertThat(client.getProperty("bootstrap.servers")).isEqualTo("broker:9092");
    }
  }

  @Test
  void laterProperties_overrideEarlierOnes_andTheDefaults() {
    GatewaySettings settings =
        GatewaySettings.defaults("broker:9092")
            .withKafkaProperties(Map.of("linger.ms", "50", "client.id", "a"))
            .withKafkaProperties(Map.of("client.id", "b"));

    assertThat(settings.kafkaProperties())
        .containsEntry("linger.ms", "50")
        .containsEntry("client.id", "b");
  }

  @Test
  void summary_namesThePropertiesWithoutTheirValues() {
    String summary = GatewaySettings.defaults("broker:9092").withKafkaProperties(SASL).summary();

    assertThat(summary)
        .contains("kafka-properties=[sasl.jaas.config, sasl.mechanism, security.protocol]")
        .doesNotContain("s3cret")
        .doesNotContain("SASL_SSL");
  }
}

package io.headroom.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void aPasswordInsideAJdbcUrl_isMaskedWhereverTheUrlIsPrinted() {
    ClickHouseSettings settings =
        ClickHouseSettings.local("jdbc:clickhouse://db:9000?user=ops&password=url-pw-1");
    assertThat(settings.redactedUrl()).isEqualTo("jdbc:clickhouse://db:9000?user=ops&password=***");
    assertThat(settings.toString()).doesNotContain("url-pw-1");
    // Registered: masked even where a driver quotes it without the "password=" around it.
    assertThat(Secrets.redact("auth failed for 'url-pw-1'")).doesNotContain("url-pw-1");
    assertThat(Secrets.redact("jdbc:clickhouse://ops:pw-in-userinfo@db:9000"))
        .isEqualTo("jdbc:clickhouse://ops:***@db:9000");
  }

  @Test
  void theSettingsPassword_isNeverInTheirText() {
    ClickHouseSettings settings =
        ClickHouseSettings.local("jdbc:clickhouse://db:9000").withCredentials("ops", "given-pw-2");
    assertThat(settings.toString()).doesNotContain("given-pw-2").contains("password=***");
    assertThat(Secrets.redact("the server said given-pw-2 is wrong")).doesNotContain("given-pw-2");
  }

  @Test
  void secretLookingKafkaProperties_areMasked_othersShown() {
    Map<String, String> properties =
        Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"u\" password=\"jaas-pw-3\";",
            "ssl.truststore.password", "trust-pw-4",
            "ssl.truststore.location", "/etc/kafka/trust.jks");
    Secrets.registerSecretValues(properties);
    Map<String, String> shown = Secrets.masked(properties);
    assertThat(shown)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", "/etc/kafka/trust.jks")
        .containsEntry("sasl.jaas.config", Secrets.MASK)
        .containsEntry("ssl.truststore.password", Secrets.MASK);
    assertThat(Secrets.redact("login failed: password jaas-pw-3")).doesNotContain("jaas-pw-3");
    assertThat(
            new LoaderSettings(
                    "b:9092",
                    "g",
                    ClickHouseSettings.local("jdbc:x"),
                    1,
                    java.time.Duration.ZERO,
                    1,
                    properties)
                .toString())
        .doesNotContain("jaas-pw-3")
        .doesNotContain("trust-pw-4");
  }
}

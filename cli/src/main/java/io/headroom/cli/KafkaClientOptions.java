package io.headroom.cli;

import io.headroom.clickhouse.Secrets;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Kafka client properties for every command that talks to Kafka (SASL, TLS, timeouts): a properties
 * file, then single {@code --kafka} settings over it. Secret-looking values (passwords, keys, the
 * JAAS line) are registered with {@link Secrets}, so no log or error line shows them.
 */
final class KafkaClientOptions {
  @Option(
      names = "--kafka",
      paramLabel = "KEY=VALUE",
      description =
          "Kafka client property, repeatable, e.g. --kafka security.protocol=SASL_SSL (secrets better"
              + " in --kafka-config)")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description = "Properties file of Kafka client settings (sasl.jaas.config, ssl.*, ...)")
  Path configFile;

  /** The file's properties, then the single settings over them. */
  Map<String, String> properties() {
    Map<String, String> merged = new LinkedHashMap<>();
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        throw new IllegalArgumentException("--kafka-config: file not found: " + configFile);
      }
      Properties file = new Properties();
      try (Reader in = Files.newBufferedReader(configFile)) {
        file.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--kafka-config: cannot read " + configFile + ": " + e.getMessage(), e);
      }
      file.stringPropertyNames().forEach(key -> merged.put(key, file.getProperty(key)));
    }
    merged.putAll(settings);
    Secrets.registerSecretValues(merged);
    return merged;
  }

  /** The properties as they may be printed. */
  String describe() {
    Map<String, String> properties = properties();
    return properties.isEmpty() ? "none" : Secrets.masked(properties).toString();
  }
}

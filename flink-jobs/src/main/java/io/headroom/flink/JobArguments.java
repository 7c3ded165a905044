package io.headroom.flink;

import io.headroom.core.time.DurationText;
import io.headroom.flink.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The {@code --key value} arguments of a job's {@code main} (what follows the jar on {@code flink
 * run}), also built by the CLI from its options. Every read removes the key, so that {@link
 * #rejectUnknown} can name a misspelt option. Errors are one line naming the option.
 */
public final class JobArguments {
  /** Kafka client properties are passed as {@code --kafka.<property> value}. */
  public static final String KAFKA_PREFIX = "kafka.";

  private final Map<String, String> values;

  private JobArguments(Map<String, String> values) {
    this.values = new LinkedHashMap<>(values);
  }

  public static JobArguments of(Map<String, String> values) {
    return new JobArguments(values);
  }

  /** Parses {@code --key value} pairs; a key without a value is an error. */
  public static JobArguments parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("argument '" + arg + "': expected --option value");
      }
      String key = arg.substring(2);
      String value;
      int equals = key.indexOf('=');
      if (equals > 0) {
        value = key.substring(equals + 1);
        key = key.substring(0, equals);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + key + ": missing value");
      }
      values.put(key, value);
    }
    return new JobArguments(values);
  }

  public String string(String key, String defaultValue) {
    String value = values.remove(key);
    return value == null ? defaultValue : value.strip();
  }

  public String required(String key) {
    String value = values.remove(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + key + ": missing, must be set");
    }
    return value.strip();
  }

  public Duration duration(String key, Duration defaultValue) {
    String value = values.remove(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return DurationText.parse(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + key + ": " + e.getMessage());
    }
  }

  public int integer(String key, int defaultValue) {
    String value = values.remove(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + ": '" + value + "' is not an integer");
    }
  }

  /**
   * The Kafka connection: {@code --bootstrap}, {@code --delivery}, {@code --transaction-timeout},
   * {@code --kafka.*}.
   */
  public KafkaSettings kafka() {
    String bootstrap = required("bootstrap");
    String delivery = string("delivery", "exactly-once").toLowerCase(Locale.ROOT);
    DeliveryGuarantee guarantee =
        switch (delivery) {
          case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
          case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
          default ->
              throw new IllegalArgumentException(
                  "--delivery: '" + delivery + "' must be exactly-once or at-least-once");
        };
    Duration timeout = duration("transaction-timeout", KafkaSettings.DEFAULT_TRANSACTION_TIMEOUT);
    Map<String, String> client = new HashMap<>();
    for (String key : Set.copyOf(values.keySet())) {
      if (key.startsWith(KAFKA_PREFIX)) {
        client.put(key.substring(KAFKA_PREFIX.length()), values.remove(key));
      }
    }
    try {
      return new KafkaSettings(bootstrap, client, guarantee, timeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage());
    }
  }

  /**
   * Parallelism and checkpoints: {@code --parallelism}, {@code --checkpoint-interval}, {@code
   * --checkpoint-dir}, {@code --state-backend}.
   */
  public RuntimeSettings runtime() {
    RuntimeSettings defaults = RuntimeSettings.DEFAULTS;
    try {
      return new RuntimeSettings(
          integer("parallelism", defaults.parallelism()),
          duration("checkpoint-interval", defaults.checkpointInterval()),
          string("checkpoint-dir", null),
          string("state-backend", defaults.stateBackend()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage());
    }
  }

  /** Fails on the first option nobody read. */
  public void rejectUnknown(Set<String> expected) {
    if (!values.isEmpty()) {
      String key = values.keySet().iterator().next();
      throw new IllegalArgumentException(
          "--"
              + key
              + ": unknown option (expected one of "
              + String.join(", ", new TreeSet<>(expected).stream().map(k -> "--" + k).toList())
              + ")");
    }
  }
}

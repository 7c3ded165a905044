package io.headroom.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Fails fast when no Kafka broker answers. A Kafka client never fails on an unreachable broker by
 * itself: it retries in the background while the first send blocks for a minute, then the flush for
 * two more, so a command pointed at a stopped broker looked hung.
 */
public final class BrokerCheck {
  /** Start-up gives up after this, so a command fails within 30 s, JVM start included. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private BrokerCheck() {}

  /**
   * Returns once a broker of {@code clientProperties}' {@code bootstrap.servers} has answered;
   * otherwise throws {@link IllegalStateException} with a one-line message after {@code timeout}.
   */
  public static void requireReachable(Properties clientProperties, Duration timeout) {
    String bootstrap = clientProperties.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    int timeoutMillis = (int) timeout.toMillis();
    Admin admin = admin(clientProperties, timeoutMillis);
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
          .nodes()
          .get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "no Kafka broker answered at "
              + bootstrap
              + " within "
              + timeout.toSeconds()
              + " s: is it running? ('./headroom up' starts the local one)",
          e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to " + bootstrap, e);
    } finally {
      // Zero: an unanswered call must not keep the failing command waiting once more.
      admin.close(Duration.ZERO);
    }
  }

  /**
   * Returns once the broker has confirmed that {@code topic} exists; otherwise throws {@link
   * IllegalArgumentException} with a one-line message. A producer to a missing topic (on a broker
   * that does not create topics on first use) otherwise logs a warning every second and blocks each
   * send for a minute.
   */
  public static void requireTopic(Properties clientProperties, String topic, Duration timeout) {
    String bootstrap = clientProperties.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    int timeoutMillis = (int) timeout.toMillis();
    Admin admin = admin(clientProperties, timeoutMillis);
    try {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalArgumentException(
            "topic '"
                + topic
                + "' does not exist at "
                + bootstrap
                + ": create it ('./headroom up' creates the pipeline's topics)");
      }
      throw new IllegalStateException(
          "could not look up topic '" + topic + "' at " + bootstrap + ": " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the broker at " + bootstrap + " did not describe topic '" + topic + "' in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up topic " + topic, e);
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  /** An admin client whose calls give up after {@code timeoutMillis}. */
  private static Admin admin(Properties clientProperties, int timeoutMillis) {
    Properties config = new Properties();
    config.putAll(clientProperties);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
    return Admin.create(config);
  }
}

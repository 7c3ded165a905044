package io.headroom.cli;

import io.headroom.stack.FlinkRestClient;
import io.headroom.stack.FlinkSessionCluster;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which Flink cluster a {@code flink submit|list|cancel} talks to. */
final class FlinkClusterOptions {
  @Option(
      names = "--rest",
      paramLabel = "URL",
      description =
          "The cluster's REST endpoint (the JobManager's, as for 'flink run -m'), e.g. http://flink-jobmanager:8081."
              + " Default: the session cluster 'headroom up' started.")
  String restUrl;

  @Option(
      names = {"--stack-dir", "--dir"},
      paramLabel = "DIR",
      description =
          "Data folder of the local stack, for its Flink cluster (default: .headroom/stack)")
  Path stackDir;

  FlinkRestClient client() throws IOException {
    if (restUrl != null) {
      return new FlinkRestClient(restUrl);
    }
    Path dir = stackDir != null ? stackDir : ProjectHome.defaultStackDir();
    FlinkSessionCluster local = FlinkSessionCluster.load(dir);
    if (local == null) {
      throw new IllegalArgumentException(
          "no Flink session cluster in "
              + dir
              + ": start one with './headroom up' or pass --rest URL");
    }
    return local.client();
  }
}

package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.headroom.core.target.TargetsConfig;
import io.headroom.flink.JobArguments;
import io.headroom.flink.forecast.ForecastSettings;
import io.headroom.flink.scaling.ScalingSettings;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/flink-deployments.yaml cannot be applied here (no Kubernetes), so this keeps it honest:
 * the jar it names is the one flink-jobs shades, its entry classes exist and each job accepts its
 * {@code args} with its own parser, as its {@code main} would on the cluster.
 */
class FlinkDeploymentManifestTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String TARGETS_MOUNT = "/opt/headroom/targets";

  @Test
  @SuppressWarnings("unchecked")
  void manifest_matchesTheJobJar_theEntryClasses_andTheJobsOwnOptions() throws Exception {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(ROOT.resolve("deploy/flink-deployments.yaml"))) {
      for (Object document : new Yaml().loadAll(in)) {
        documents.add((Map<String, Object>) document);
      }
    }
    Map<String, Map<String, Object>> deployments = new HashMap<>();
    Map<String, Object> configMap = null;
    for (Map<String, Object> document : documents) {
      String name = (String) ((Map<String, Object>) document.get("metadata")).get("name");
      if ("ConfigMap".equals(document.get("kind"))) {
        configMap = document;
      } else {
        assertThat(document.get("kind")).as(name).isEqualTo("FlinkDeployment");
        assertThat(document.get("apiVersion")).as(name).isEqualTo("flink.apache.org/v1beta1");
        deployments.put(name, document);
      }
    }
    assertThat(deployments).containsOnlyKeys("headroom-forecast", "headroom-scaling");

    String jarName = shadedJarName();
    assertThat(jarName).isEqualTo("headroom-flink-jobs-0.1.0-SNAPSHOT-job.jar");
    assertThat(Files.readString(ROOT.resolve("deploy/Dockerfile")))
        .contains("COPY flink-jobs/target/" + jarName + " /opt/flink/usrlib/");

    Map<String, List<String>> args = new HashMap<>();
    for (var entry : deployments.entrySet()) {
      String name = entry.getKey();
      Map<String, Object> spec = (Map<String, Object>) entry.getValue().get("spec");
      Map<String, Object> job = (Map<String, Object>) spec.get("job");
      Map<String, Object> flinkConf = (Map<String, Object>) spec.get("flinkConfiguration");
      assertThat(spec.get("flinkVersion")).as(name).isEqualTo("v2_2");
      assertThat(job.get("upgradeMode")).as(name).isEqualTo("savepoint");
      assertThat(job.get("state")).as(name).isEqualTo("running");
      assertThat((String) job.get("jarURI"))
          .as(name)
          .isEqualTo("local:///opt/flink/usrlib/" + jarName);
      assertThatCode(() -> Class.forName((String) job.get("entryClass")))
          .as(name)
          .doesNotThrowAnyException();
      // The operator refuses savepoint upgrades without both folders.
      assertThat(flinkConf)
          .as(name)
          .containsKeys("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir");
      List<String> jobArgs =
          ((List<Object>) job.get("args")).stream().map(String::valueOf).toList();
      // The job's main sets its parallelism itself, over the operator's parallelism.default.
      assertThat(option(jobArgs, "parallelism"))
          .as(name)
          .isEqualTo(String.valueOf(job.get("parallelism")));
      assertThat(option(jobArgs, "checkpoint-dir"))
          .as(name)
          .isEqualTo(flinkConf.get("execution.checkpointing.dir"));
      args.put(name, jobArgs);
    }

    assertThat(
            ((Map<String, Object>)
                    ((Map<String, Object>) deployments.get("headroom-forecast").get("spec"))
                        .get("job"))
                .get("entryClass"))
        .isEqualTo("io.headroom.flink.forecast.ForecastJob");
    ForecastSettings forecast =
        ForecastSettings.fromArguments(
            JobArguments.parse(args.get("headroom-forecast").toArray(String[]::new)));
    assertThat(forecast.kafka().bootstrapServers()).endsWith(".svc:9092");
    assertThat(forecast.warmStart().enabled()).isTrue();

    assertThat(
            ((Map<String, Object>)
                    ((Map<String, Object>) deployments.get("headroom-scaling").get("spec"))
                        .get("job"))
                .get("entryClass"))
        .isEqualTo("io.headroom.flink.scaling.ScalingJob");
    // The targets path is inside the container (the ConfigMap's mount): use the repository's copy.
    List<String> scalingArgs = new ArrayList<>(args.get("headroom-scaling"));
    int targets = scalingArgs.indexOf("--targets");
    assertThat(scalingArgs.get(targets + 1)).startsWith(TARGETS_MOUNT + "/");
    String targetsFile = scalingArgs.get(targets + 1).substring(TARGETS_MOUNT.length() + 1);
    scalingArgs.set(targets + 1, ROOT.resolve("data/demo/targets.yaml").toString());
    ScalingSettings scaling =
        ScalingSettings.fromArguments(JobArguments.parse(scalingArgs.toArray(String[]::new)));

    assertThat(configMap).isNotNull();
    Map<String, String> data = (Map<String, String>) configMap.get("data");
    assertThat(data).containsKey(targetsFile);
    TargetsConfig fromConfigMap = TargetsConfig.parse(data.get(targetsFile), scaling.sync());
    assertThat(fromConfigMap.targets()).isNotEmpty();
    assertThat(data.get(targetsFile))
        .isEqualTo(Files.readString(ROOT.resolve("data/demo/targets.yaml")));
    assertThat(Duration.ZERO).isLessThan(scaling.targetsPoll());
    // Mounted on the JobManager (main() validates the file) and the TaskManagers (re-read).
    String podTemplate =
        new Yaml()
            .dump(
                ((Map<String, Object>) deployments.get("headroom-scaling").get("spec"))
                    .get("podTemplate"));
    assertThat(podTemplate)
        .contains("mountPath: " + TARGETS_MOUNT)
        .contains("name: " + ((Map<String, Object>) configMap.get("metadata")).get("name"))
        .doesNotContain("subPath");
  }

  /** The value following {@code --name}, or null. */
  private static String option(List<String> args, String name) {
    int at = args.indexOf("--" + name);
    return at < 0 ? null : args.get(at + 1);
  }

  /** {@code <artifactId>-<version>-job.jar}, as maven-shade names flink-jobs' attached jar. */
  private static String shadedJarName() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(ROOT.resolve("flink-jobs/pom.xml").toFile());
    Element project = pom.getDocumentElement();
    String artifactId = child(project, "artifactId");
    String version = child(project, "version");
    if (version == null) {
      version = child((Element) project.getElementsByTagName("parent").item(0), "version");
    }
    String classifier =
        pom.getElementsByTagName("shadedClassifierName").item(0).getTextContent().strip();
    return artifactId + "-" + version + "-" + classifier + ".jar";
  }

  private static String child(Element parent, String tag) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(tag)) {
        return element.getTextContent().strip();
      }
    }
    return null;
  }
}

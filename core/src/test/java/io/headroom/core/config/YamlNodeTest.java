package io.headroom.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YamlNodeTest {
  private static final String DOC =
      """
      targets:
        - name: checkout
          startup: 90s
          warmup: 120
          replicas: 3
          capacity: 2.5
          shadow: true
          note: 42
        - name: search
      """;

  @Test
  void fieldsAndItems_carryTheirPath_andScalarsReadTheirType() {
    YamlNode first =
        YamlNode.load(DOC, "test file is not valid YAML").field("targets").items().get(0);
    assertThat(first.path()).isEqualTo("targets[0]");
    assertThat(first.field("name").name()).isEqualTo("checkout");
    assertThat(first.field("startup").duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(first.field("warmup").duration())
        .isEqualTo(Duration.ofSeconds(120)); // an integer is seconds
    assertThat(first.field("replicas").integer()).isEqualTo(3);
    assertThat(first.field("capacity").number()).isEqualTo(2.5);
    assertThat(first.field("shadow").bool()).isTrue();
    assertThat(first.field("note").text()).isEqualTo("42");
    assertThat(first.field("missing").isMissing()).isTrue();
    assertThat(first.field("missing").duration(Duration.ofMinutes(1)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(first.field("missing").name("default")).isEqualTo("default");
  }

  @Test
  void everyProblem_isOneLineNamingThePathTheValueAndTheRule() {
    YamlNode first =
        YamlNode.load(DOC, "test file is not valid YAML").field("targets").items().get(0);
    assertThatThrownBy(() -> first.field("name").integer())
        .hasMessage("targets[0].name: 'checkout' must be an integer");
    assertThatThrownBy(() -> first.field("name").number())
        .hasMessage("targets[0].name: 'checkout' is not a number");
    assertThatThrownBy(() -> first.field("replicas").name())
        .hasMessage("targets[0].replicas: 3 must be a non-empty name");
    assertThatThrownBy(() -> first.field("name").duration())
        .hasMessage(
            "targets[0].name: 'checkout' is not a duration (examples: 500ms, 15s, 2m, 1h30m, 7d, 2w)");
    assertThatThrownBy(() -> first.field("missing").text())
        .hasMessage("targets[0].missing: is required (a non-empty text)");
    assertThatThrownBy(() -> first.field("name").items())
        .hasMessage("targets[0].name: 'checkout' must be a list");
    assertThatThrownBy(() -> first.fields(Set.of("name")))
        .hasMessageStartingWith("targets[0].")
        .hasMessageContaining(": unknown field (expected name)");
    assertThatThrownBy(() -> YamlNode.load("- a", "x", YamlNode.FieldList.KNOWN).field("a"))
        .hasMessage("(root): a list must be a mapping (key: value)");
    assertThatThrownBy(
            () -> YamlNode.load("a: 1\nb: 2", "x", YamlNode.FieldList.KNOWN).fields(Set.of("a")))
        .hasMessage("b: unknown field (known: a)");
    assertThatThrownBy(() -> YamlNode.load("a: [1, 2", "test file is not valid YAML"))
        .hasMessageStartingWith("test file is not valid YAML at line ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void unwrap_andBuild_keepMessagesRelativeToTheWrapper() {
    YamlNode spec =
        YamlNode.load("targets: [{spec: {spec: {maxReplicas: 0}}}]", "x")
            .field("targets")
            .items()
            .get(0)
            .field("spec")
            .unwrap("spec");
    assertThat(spec.path()).isEqualTo("targets[0].spec");
    assertThatThrownBy(
            () ->
                spec.build(
                    () -> {
                      throw new IllegalArgumentException("maxReplicas: 0 must be >= 1");
                    }))
        .hasMessage("targets[0].spec.maxReplicas: 0 must be >= 1");
    assertThatThrownBy(
            () ->
                spec.field("maxReplicas")
                    .parse(
                        () -> {
                          throw new IllegalArgumentException("'0' is odd");
                        }))
        .hasMessage("targets[0].spec.maxReplicas: '0' is odd");
  }
}

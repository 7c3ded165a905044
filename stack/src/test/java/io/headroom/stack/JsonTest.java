package io.headroom.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsFlinkAnswers() {
    Map<String, Object> body =
        Json.object(
            "{\"jobs\":[{\"jid\":\"ab12\",\"name\":\"a \\\"job\\\"\",\"start-time\":1700000000000,"
                + "\"state\":\"RUNNING\",\"tasks\":{}}], \"ok\": true, \"none\": null, \"x\": -1.5e2}");
    assertThat(body.get("jobs")).isInstanceOf(List.class);
    Map<?, ?> job = (Map<?, ?>) ((List<?>) body.get("jobs")).get(0);
    assertThat(job.get("name")).isEqualTo("a \"job\"");
    assertThat(((Number) job.get("start-time")).longValue()).isEqualTo(1700000000000L);
    assertThat(body.get("ok")).isEqualTo(true);
    assertThat(body).containsEntry("none", null);
    assertThat(body.get("x")).isEqualTo(-150.0);
  }

  @Test
  void quotesStrings() {
    assertThat(Json.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    assertThat(Json.parse(Json.quote("tab\there\u0001"))).isEqualTo("tab\there\u0001");
  }

  @Test
  void errorsDropStackFrames() {
    String body =
        "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\\n"
            + "\\tat org.apache.flink.Foo.bar(Foo.java:1)\\n"
            + "Caused by: java.lang.IllegalArgumentException: --targets: missing value\\n"
            + "\\t... 5 more\\n\"]}";
    assertThat(FlinkRestClient.errors(body))
        .isEqualTo(
            "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n"
                + "  Caused by: java.lang.IllegalArgumentException: --targets: missing value");
  }
}

package io.dbwarden.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class JsonPatchTest {

  @Test
  void pointersEscapeSlashAndTildeInKeys() {
    assertThat(JsonPatch.pointer("metadata", "annotations", "dbwarden.io/status"))
        .isEqualTo("/metadata/annotations/dbwarden.io~1status");
    assertThat(JsonPatch.pointer("a~/b", 0, "-")).isEqualTo("/a~0~1b/0/-");
  }

  @Test
  void operationsInOrder() {
    JsonPatch patch =
        new JsonPatch()
            .add("/a", JsonNodeFactory.instance.textNode("x"))
            .replace("/b/0", JsonNodeFactory.instance.numberNode(1));
    assertThat(patch.operations().toString())
        .isEqualTo(
            "[{\"op\":\"add\",\"path\":\"/a\",\"value\":\"x\"},"
                + "{\"op\":\"replace\",\"path\":\"/b/0\",\"value\":1}]");
    assertThat(new JsonPatch().isEmpty()).isTrue();
  }
}

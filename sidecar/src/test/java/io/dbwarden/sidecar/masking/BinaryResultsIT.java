package io.dbwarden.sidecar.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.RawPgClient;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that describes a statement (always answered in text format) and then binds it for binary
 * results gets values replaced in the binary form of their type.
 */
@ExtendWith(PostgresExtension.class)
class BinaryResultsIT {

  private static ProxyFixture proxy;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) {
    proxy =
        ProxyFixture.builder(postgres)
            .policy(DemoPolicy.compiled())
            .workload(
                new Identity(
                    Identity.Kind.User,
                    "alice",
                    List.of("analysts"),
                    null,
                    Identity.Method.WORKLOAD))
            .start();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aJsonbValueReplacedByTheResponseCheckIsValidBinaryJsonb() throws IOException {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.sendStartup("alice", "shop");
      client.readUntil('Z');
      client.sendTyped(
          'P',
          body(
              cstring(""),
              cstring(
                  "SELECT jsonb_build_object('to', 'someone@example.org') AS doc, id, email"
                      + " FROM customers WHERE id = 1"),
              int16(0)));
      client.sendTyped('D', body(new byte[] {'S'}, cstring("")));
      // all results binary
      client.sendTyped('B', body(cstring(""), cstring(""), int16(0), int16(0), int16(1), int16(1)));
      client.sendTyped('E', body(cstring(""), int32(0)));
      client.sendTyped('S', new byte[0]);
      RawPgClient.Message row = client.readUntil('D');
      List<byte[]> values = columns(row.body());
      assertThat(new String(values.get(0), StandardCharsets.UTF_8)).isEqualTo("\u0001\"****\"");
      assertThat(ByteBuffer.wrap(values.get(1)).getLong()).isEqualTo(1);
      assertThat(new String(values.get(2), StandardCharsets.UTF_8)).contains("***@");
      client.readUntil('Z');
    }
  }

  private static List<byte[]> columns(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    int count = in.getShort();
    List<byte[]> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = in.getInt();
      byte[] value = length < 0 ? null : new byte[length];
      if (value != null) {
        in.get(value);
      }
      values.add(value);
    }
    return values;
  }

  private static byte[] body(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    return out.toByteArray();
  }

  private static byte[] cstring(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return out;
  }

  private static byte[] int16(int v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DataOutputStream(out).writeShort(v);
    return out.toByteArray();
  }

  private static byte[] int32(int v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DataOutputStream(out).writeInt(v);
    return out.toByteArray();
  }
}

package cn.unioncard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.store.TransactionStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ucard status} (issue 19): JSON also without a store, and timestamps to the second. */
class StatusCommandTest {
  @TempDir Path dir;

  private Path config() throws Exception {
    Files.createDirectories(dir.resolve("keys"));
    Files.write(dir.resolve("keys/terminal-signing.key"), "00".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("keys/terminal-master.key"), "00".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("bank-ca.pem"), "pem".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("fares.json"), "{}".getBytes(StandardCharsets.US_ASCII));
    String yaml = new String(Files.readAllBytes(RunCheckTest.EXAMPLES.resolve("ucard-gate.example.yaml")),
        StandardCharsets.UTF_8).replace("/var/lib/ucard/store.db", dir.resolve("store.db").toString());
    Path file = dir.resolve("ucard.yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  @Test
  void withoutAStoreJsonIsStillOneObject() throws Exception {
    Object[] r = RunCheckTest.ucard("status", "--config", config().toString(), "--json");
    assertEquals(1, r[0], (String) r[1]);
    JsonNode j = new ObjectMapper().readTree((String) r[1]);
    assertEquals("G0000001", j.path("terminal_id").asText());
    assertEquals("no store", j.path("state").asText());
    assertEquals(dir.resolve("store.db").toString(), j.path("store").asText());
    assertTrue(j.path("note").asText().startsWith("no store at "), j.toString());
    Object[] text = RunCheckTest.ucard("status", "--config", config().toString());
    assertEquals(1, text[0]);
    assertTrue(((String) text[1]).startsWith("ucard: no store at "), (String) text[1]);
  }

  @Test
  void timestampsAreShownToTheSecond() throws Exception {
    Path file = config();
    TransactionStore.open(dir.resolve("store.db"), "G0000001", Clock.systemUTC()).close();
    Files.write(dir.resolve("store.db.agent.json"), ("{\"state\": \"stopped\", \"pid\": 1,"
        + " \"started_at\": \"2026-11-23T01:02:03.123456789Z\", \"updated_at\": \"2026-11-23T09:15:40.5Z\"}")
        .getBytes(StandardCharsets.UTF_8));
    Object[] r = RunCheckTest.ucard("status", "--config", file.toString());
    String out = (String) r[1];
    assertEquals(0, r[0], out);
    assertTrue(out.contains("started 2026-11-23T01:02:03Z, last change 2026-11-23T09:15:40Z"), out);
    Object[] json = RunCheckTest.ucard("status", "--config", file.toString(), "--json");
    JsonNode j = new ObjectMapper().readTree((String) json[1]);
    assertEquals("2026-11-23T01:02:03Z", j.path("agent").path("started_at").asText());
    assertEquals("2026-11-24T08:00:00+08:00", IsoSeconds.text("2026-11-24T08:00:00.001+08:00"));
  }
}

package cn.unioncard.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code ucard bench} through pcscd: each case starts its own pcscd with a vpcd reader (not a timing test). */
class BenchPcscTest {
  static JsonNode bench(String name, String n) throws Exception {
    String[] r = UcardReadTest.run("bench", name, "--n", n);
    assertEquals("0", r[0], r[2]);
    Assumptions.assumeFalse(r[2].contains(name + ": skipped: "), r[2]);
    return new ObjectMapper().readTree(r[1]);
  }

  @Test
  void readThroughPcscdReportsTheApdusOfTheRead() throws Exception {
    JsonNode j = bench("read-pcsc", "20");
    assertEquals("read-pcsc", j.get("name").asText());
    assertEquals("ms", j.get("unit").asText());
    assertEquals(20, j.get("n").asInt());
    assertEquals(13, j.get("apdus").asInt(), "the same 13 APDUs as the in-process read");
    assertTrue(j.get("p50").asDouble() > 0 && j.get("p99").asDouble() >= j.get("p50").asDouble(), j.toString());
  }

  @Test
  void apduRoundTripThroughPcscd() throws Exception {
    JsonNode j = bench("apdu-rtt-pcsc", "50");
    assertEquals("apdu-rtt-pcsc", j.get("name").asText());
    assertEquals(50, j.get("n").asInt());
    assertTrue(j.get("p50").asDouble() > 0, j.toString());
  }
}

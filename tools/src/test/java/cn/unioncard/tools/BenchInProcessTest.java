package cn.unioncard.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ucard bench} in this process: the JSON fields of a few cheap benchmarks (not a timing test). */
class BenchInProcessTest {
  static JsonNode bench(String name, String n) throws Exception {
    String[] r = UcardReadTest.run("bench", name, "--n", n);
    assertEquals("0", r[0], r[2]);
    String[] lines = r[1].trim().split("\n");
    assertEquals(1, lines.length, r[1]);
    return new ObjectMapper().readTree(lines[0]);
  }

  static List<String> fields(JsonNode j) {
    List<String> names = new ArrayList<>();
    j.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static void assertPercentiles(JsonNode j) {
    assertTrue(j.get("p50").asDouble() > 0 && j.get("p99").asDouble() >= j.get("p50").asDouble(), j.toString());
  }

  @Test
  void apduRoundTripInProcess() throws Exception {
    JsonNode j = bench("apdu-rtt-inprocess", "100");
    assertEquals(List.of("name", "unit", "n", "p50", "p99"), fields(j));
    assertEquals("apdu-rtt-inprocess", j.get("name").asText());
    assertEquals("us", j.get("unit").asText());
    assertEquals(100, j.get("n").asInt());
    assertPercentiles(j);
  }

  @Test
  void readReportsTheApdusOfTheRead() throws Exception {
    JsonNode j = bench("read", "50");
    assertEquals(List.of("name", "unit", "n", "p50", "p99", "apdus", "card"), fields(j));
    assertEquals(50, j.get("n").asInt());
    assertEquals(13, j.get("apdus").asInt());
    assertEquals("debit-and-transit.trace", j.get("card").asText());
    assertPercentiles(j);
  }

  @Test
  void checkoutWithTheBankInThisJvm() throws Exception {
    JsonNode j = bench("checkout-bank-inprocess", "5");
    assertEquals(List.of("name", "unit", "n", "p50", "p99", "store_commits", "store_p50", "store_p99", "bank_p50",
        "card_p50", "gc_count", "gc_ms", "bank", "card", "load_average"), fields(j));
    assertEquals("checkout-bank-inprocess", j.get("name").asText());
    assertEquals("ms", j.get("unit").asText());
    assertEquals(5, j.get("n").asInt());
    assertEquals(3, j.get("store_commits").asInt(), "three durable commits a sale");
    assertEquals("this JVM", j.get("bank").asText());
    assertPercentiles(j);
  }

  @Test
  void anUnknownNameIsBadInput() {
    String[] r = UcardReadTest.run("bench", "no-such-bench");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("no benchmark named no-such-bench; known: apdu-rtt-inprocess, read, read-provider,"),
        r[2]);
  }
}

package cn.unioncard.sim.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.sim.testing.Apdus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardFileTest {
  @TempDir Path dir;

  static final String GOOD = "{\"name\": \"t\", \"debit\": {\"pan\": \"6217000012345670\", \"expiry_date\": \"2031-12-31\"}}";

  /** A malformed field gets one line: the file, the field path, the reason. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "\"pan\": \"6217000012345671\"                  | model-worker.json: debit.pan: fails its Luhn check",
    "\"pan\": \"62170000123A\"                      | model-worker.json: debit.pan: not a PAN",
    "\"ec_balance_fen\": \"lots\"                   | model-worker.json: debit.ec_balance_fen: not a number",
    "\"ec_balance_fen\": 12.5                       | model-worker.json: debit.ec_balance_fen: not a whole number",
    "\"ec_balance_fen\": -1                         | model-worker.json: debit.ec_balance_fen: -1 out of range",
    "\"ec_balance_fen\": 200000                     | model-worker.json: debit.ec_balance_fen: 200000 exceeds ec_balance_limit_fen",
    "\"expiry_date\": \"2031-13-01\"                | model-worker.json: debit.expiry_date: not a date yyyy-mm-dd",
    "\"cardholder_name\": \"\u263A\u263A\"          | model-worker.json: debit.cardholder_name: not writable in GBK",
    "\"pann\": \"6217000012345670\"                 | model-worker.json: debit: unknown field pann",
    "\"imk_ac\": \"0123\"                           | model-worker.json: debit.imk_ac: 2 bytes, expected 16..16",
    "\"log\": [{\"date\": \"2026-01-01\"}]          | model-worker.json: debit.log[0].amount_fen: missing",
    "\"log\": [{\"date\": \"2026-01-01\", \"amount_fen\": 1, \"colour\": 1}] | model-worker.json: debit.log[0]: unknown field colour",
    "\"blocked\": \"yes\"                           | model-worker.json: debit.blocked: not true or false",
    "\"log\": [{\"date\": \"2060-01-01\", \"amount_fen\": 1}] | model-worker.json: debit.log[0].date: year outside 2000..2049",
  })
  void aMalformedDebitFieldIsNamed(String field, String expected) {
    String f = field.trim();
    String base = f.startsWith("\"pan\"") ? "\"expiry_date\": \"2031-12-31\", "
        : f.startsWith("\"expiry_date\"") ? "\"pan\": \"6217000012345670\", "
        : "\"pan\": \"6217000012345670\", \"expiry_date\": \"2031-12-31\", ";
    String json = "{\"name\": \"model-worker\", \"debit\": {" + base + f + "}}";
    ProfileException e = assertThrows(ProfileException.class,
        () -> CardFile.parse("model-worker.json", json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith(expected.trim()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"name\": \"x\", \"debit\": {\"pan\": \"6217000012345670\", \"expiry_date\": \"2031-12-31\"}, \"colour\": 1} | x.json: unknown field colour",
    "{\"name\": \"x\"}                                       | x.json: the card has no application",
    "{\"debit\": {}}                                         | x.json: name: missing",
    "{\"name\": \"x\", \"debit\": []}                        | x.json: debit: not an object",
    "{\"name\": \"x\", \"name\": \"y\"}                      | x.json: not JSON: line 1 column",
    "{\"name\": \"x\",                                       | x.json: not JSON: line 1 column",
    "[1, 2]                                                  | x.json: not an object",
    "{\"name\": \"x\", \"atr\": \"0011\", \"transit\": {}}    | x.json: atr: does not start with 3B or 3F",
    "{\"name\": \"x\", \"behaviour\": {\"tearing\": {\"at_apdu\": 3, \"when\": \"during\"}}, \"transit\": {}} | x.json: behaviour.tearing.when: not \"before\" or \"after\"",
    "{\"name\": \"x\", \"behaviour\": {\"chaining\": {\"chunk_size\": 0}}, \"transit\": {}} | x.json: behaviour.chaining.chunk_size: 0 out of range",
    "{\"name\": \"x\", \"debit\": {\"pan\": \"6217000012345670\", \"expiry_date\": \"2031-12-31\"}, \"member\": {\"union_name\": \"工会\", \"member_number\": \"12\", \"category\": \"boss\"}} | x.json: member.category: not one of",
    "{\"name\": \"x\", \"debit\": {\"pan\": \"6217000012345670\", \"expiry_date\": \"2031-12-31\"}, \"member\": {\"union_name\": \"工会\", \"member_number\": \"1x\", \"category\": \"ordinary\"}} | x.json: member.member_number: not 1..20 digits",
    "{\"name\": \"x\", \"foreign\": [{\"aid\": \"A0000000031010\", \"pan\": \"4761340000000042\", \"expiry_date\": \"2030-12-31\"}]} | x.json: foreign[0].pan: fails its Luhn check",
    "{\"name\": \"x\", \"transit\": 5}                       | x.json: transit: not an object",
  })
  void aMalformedDocumentIsNamed(String json, String expected) {
    ProfileException e = assertThrows(ProfileException.class,
        () -> CardFile.parse("x.json", json.trim().getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith(expected.trim()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void loadNamesTheFile() throws Exception {
    Path f = dir.resolve("mine.json");
    Files.writeString(f, "{\"name\": \"mine\", \"debit\": {\"pan\": \"6217000012345671\", \"expiry_date\": \"2031-12-31\"}}");
    ProfileException e = assertThrows(ProfileException.class, () -> CardFile.load(f));
    assertEquals("mine.json: debit.pan: fails its Luhn check", e.getMessage());
    assertEquals("debit.pan", e.field());
  }

  @Test
  void saveIsAtomicAndLeavesNoTemporaryFile() throws Exception {
    Path f = dir.resolve("card.json");
    CardProfile p = CardFile.parse("card.json", GOOD.getBytes(StandardCharsets.UTF_8));
    CardFile.save(p, f);
    p.debit().ecBalanceFen = 777;
    CardFile.save(p, f);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("card.json"), files.map(x -> x.getFileName().toString()).collect(Collectors.toList()));
    }
    assertEquals(777L, CardFile.load(f).debit().ecBalanceFen());
  }

  @Test
  void theTransitSectionIsKeptRawWithoutAFactoryAndLiveWithOne() throws Exception {
    String json = "{\"name\": \"t\", \"transit\": {\"balance_fen\": 250, \"anything\": [1, 2]}}";
    CardProfile raw = CardFile.parse("t.json", json.getBytes(StandardCharsets.UTF_8), Collections.emptyMap());
    assertEquals(250, raw.rawSection("transit").get("balance_fen").asInt());
    assertNull(raw.section("transit"));
    assertEquals(raw.rawSection("transit"), CardFile.toJson(raw).get("transit"));

    // a factory makes the section live: its applications go on the card and its state is written back
    int[] balance = {250};
    SectionFactory factory = (node, path) -> {
      JsonFields f = JsonFields.of(node, path);
      balance[0] = (int) f.number("balance_fen", 0, 100000);
      f.raw("anything");
      f.end();
      return new CardSection() {
        @Override
        public List<ListedApplication> applications() {
          return List.of(ListedApplication.contactless(new SimulatedCardTestEcho("A000000632010105"), "MOT_T_EP", 2));
        }

        @Override
        public JsonNode toJson() {
          ObjectNode o = JsonNodeFactory.instance.objectNode();
          o.put("balance_fen", balance[0]);
          return o;
        }
      };
    };
    CardProfile live = CardFile.parse("t.json", json.getBytes(StandardCharsets.UTF_8), Map.of("transit", factory));
    assertNotNull(live.section("transit"));
    Path f = dir.resolve("t.json");
    SimulatedCard card = SimulatedCard.builder().profile(live).stateFile(f).build();
    assertEquals(0x9000, Apdus.send(card, "00A4040008A00000063201010500").sw());
    balance[0] = 100;
    Apdus.send(card, "00B0950000");
    assertEquals(100, CardFile.load(f, Map.of("transit", factory)).rawSection("transit").get("balance_fen").asInt());
    // a typo inside the plug-in's section is named by the plug-in
    ProfileException e = assertThrows(ProfileException.class, () -> CardFile.parse("t.json",
        "{\"name\": \"t\", \"transit\": {\"balanse_fen\": 1}}".getBytes(StandardCharsets.UTF_8),
        Map.of("transit", factory)));
    assertEquals("t.json: transit.balance_fen: missing", e.getMessage());
  }

  @Test
  void encodeThenParseIsTheSameDocument() throws Exception {
    for (String name : Profiles.NAMES) {
      CardProfile p = Profiles.load(name);
      byte[] once = CardFile.encode(p);
      assertArrayEquals(once, CardFile.encode(CardFile.parse(name + ".json", once)), name);
    }
  }
}

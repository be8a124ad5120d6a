package cn.unioncard.sim.card.transit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.sim.card.psam.PsamState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TransitStateTest {

  static String resource(String path) throws IOException {
    try (InputStream in = TransitStateTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ordinary.json", "model-worker.json", "blocked.json", "empty.json"})
  void bundledTransitProfilesAreValidAndRoundTripByteForByte(String name) throws IOException {
    String file = resource("/cn/unioncard/sim/profiles/transit/" + name);
    TransitState s = TransitState.fromJson(file);
    assertEquals(file, s.toJson() + "\n");
  }

  @Test
  void bundledPsamRoundTripsByteForByte() throws IOException {
    String file = resource("/cn/unioncard/sim/profiles/psam/default.json");
    assertEquals(file, PsamState.fromJson(file).toJson() + "\n");
    assertEquals("010203040506", PsamState.fromJson(file).terminalNumber);
  }

  @Test
  void bundledProfilesSayWhatTheirNamesSay() {
    assertEquals(5000, TransitState.bundled("ordinary.json").balanceFen);
    assertEquals(0, TransitState.bundled("empty.json").balanceFen);
    assertEquals(TransitState.Block.PERMANENT, TransitState.bundled("blocked.json").applicationBlock);
    TransitState worker = TransitState.bundled("model-worker.json");
    assertEquals(0x0A, worker.holderInfo().cardType());
    assertEquals(0x0A, worker.managementInfo().cardKind());
  }

  static String bad(Consumer<TransitState> damage) {
    TransitState s = TransitState.ordinary(100);
    damage.accept(s);
    return assertThrows(IllegalArgumentException.class, s::validate).getMessage();
  }

  @Test
  void validateNamesTheFieldByItsJsonPath() {
    assertEquals("transit.balance_fen: negative", bad(s -> s.balanceFen = -1));
    assertTrue(bad(s -> s.issuerId = "0101").startsWith("transit.issuer_id: "));
    assertTrue(bad(s -> s.applicationSerial = "1234").startsWith("transit.application_serial: "));
    assertTrue(bad(s -> s.endDate = "20250230").startsWith("transit.end_date: "));
    assertTrue(bad(s -> s.offlineCounter = 70000).startsWith("transit.offline_counter: "));
    assertTrue(bad(s -> s.holder.name = "一二三四五六七八九十一").startsWith("transit.holder: "));
    assertTrue(bad(s -> s.management.cityCode = "51").startsWith("transit.management.city_code: "));
    assertTrue(bad(s -> s.purseRecords.add("00")).startsWith("transit.purse_records[0]: "));
    assertTrue(bad(s -> s.tripRecords.add("00AA" + TransitState.zeros(46))).startsWith("transit.trip_records[0]"));
    assertTrue(bad(s -> s.cappRecords.put("2703", s.cappRecords.get("2702")))
        .startsWith("transit.capp_records.2703: "));
    assertTrue(bad(s -> s.keys.algorithmId = 4).startsWith("transit.keys.algorithm_id: "));
    assertTrue(bad(s -> s.keys.tacKey = "00").startsWith("transit.keys.tac_key: "));
    assertTrue(bad(s -> s.applicationBlock = null).startsWith("transit.application_block: "));
    assertTrue(bad(s -> {
      s.lastTransaction = new TransitState.LastTransaction();
      s.lastTransaction.transactionType = 9;
      s.lastTransaction.mac2 = "zz";
    }).startsWith("transit.last_transaction.mac2: "));
    assertTrue(bad(s -> {
      for (int i = 0; i < 11; i++) {
        s.purseRecords.add("0000000000000000000000000000000000000000000000");
      }
    }).startsWith("transit.purse_records: 11 records"));
  }

  @Test
  void malformedJsonNamesTheField() {
    String json = TransitState.ordinary(1).toJson();
    String wrongType = json.replace("\"balance_fen\" : 1", "\"balance_fen\" : \"lots\"");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TransitState.fromJson(wrongType))
        .getMessage().startsWith("transit.balance_fen: "));
    String unknown = json.replace("\"balance_fen\"", "\"balance\"");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TransitState.fromJson(unknown))
        .getMessage().startsWith("transit.balance: "));
    String nested = json.replace("\"card_type\" : 1", "\"card_type\" : null");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TransitState.fromJson(nested))
        .getMessage().startsWith("transit.holder.card_type: "));
    String block = json.replace("\"NONE\"", "\"SOMETIMES\"");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TransitState.fromJson(block))
        .getMessage().startsWith("transit.application_block: "));
    String negative = json.replace("\"balance_fen\" : 1", "\"balance_fen\" : -5");
    assertEquals("transit.balance_fen: negative",
        assertThrows(IllegalArgumentException.class, () -> TransitState.fromJson(negative)).getMessage());
    // A message is one line.
    assertTrue(!assertThrows(IllegalArgumentException.class, () -> TransitState.fromJson("{"))
        .getMessage().contains("\n"));
  }

  @Test
  void psamValidateNamesTheField() {
    PsamState p = new PsamState();
    p.terminalNumber = "12345";
    assertTrue(assertThrows(IllegalArgumentException.class, p::validate).getMessage()
        .startsWith("psam.terminal_number: "));
    PsamState k = new PsamState();
    k.purchaseMasterKeys.put("01", "00");
    assertTrue(assertThrows(IllegalArgumentException.class, k::validate).getMessage()
        .startsWith("psam.purchase_master_keys.01: "));
    String json = new PsamState().toJson().replace("\"terminal_serial\" : 1", "\"terminal_serial\" : -1");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PsamState.fromJson(json)).getMessage()
        .startsWith("psam.terminal_serial: "));
  }
}

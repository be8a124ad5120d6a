package cn.unioncard.agent.checkout;

import static cn.unioncard.agent.store.DetailTexts.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sale detail's codec: what it encodes decodes to the same detail, and rows stored before it read the same. */
class SaleDetailTest {
  static LongStream seeds() {
    return LongStream.range(0, 500);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void whatIsEncodedDecodesToTheSameDetail(long seed) {
    SaleDetail x = random(new Random(seed));
    String json = x.encode();
    assertEquals(x, SaleDetail.decode(json), json);
    assertEquals(json, SaleDetail.decode(json).encode(), "one encoding per detail");
  }

  /** The details the checkout wrote before this type (sale-details.txt): the state moved to, a tab, the detail. */
  static List<String[]> samples() throws IOException {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = SaleDetailTest.class.getResourceAsStream("sale-details.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line.split("\t", 2));
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("samples")
  void aDetailStoredBeforeReadsAndEncodesToTheSameBytes(String state, String json) {
    SaleDetail d = SaleDetail.decode(json);
    assertEquals(json, d.encode());
    if (d.result() != null) {
      assertEquals(d.result(), StoredResults.hex(StoredResults.of(row(TxState.valueOf(state), json))),
          "the stored RESULT reads");
    }
  }

  @Test
  void theSamplesReadAsTheirFields() throws IOException {
    List<String[]> s = samples();
    SaleDetail member = SaleDetail.decode(s.get(2)[1]);
    assertEquals("ordinary", member.member());
    assertEquals(new SaleDetail.Application("A000000333010101", true), member.application());
    assertEquals(Collections.singletonList(new SaleDetail.Discount("SUITCASE", 6500, 0, 6500)), member.discounts());
    assertNull(member.result());
    SaleDetail refund = SaleDetail.decode(s.get(4)[1]);
    assertNotNull(refund.result());
    assertNull(refund.discounts(), "a refund's detail holds its result only");
    SaleDetail intent = SaleDetail.decode(s.get(6)[1]);
    assertEquals(0, intent.offlineIntent().atc());
    assertEquals(20_000L, intent.offlineIntent().ecBalanceFen());
    assertEquals(1234L, intent.offlineIntent().amountFen());
    assertNotNull(intent.offlineIntent().approvedResult());
    SaleDetail offline = SaleDetail.decode(s.get(7)[1]);
    assertTrue(offline.iccData().startsWith("9F26"), offline.iccData());
    SaleDetail recovered = SaleDetail.decode(s.get(8)[1]);
    assertEquals(recovered.offlineIntent().approvedResult(), recovered.result(), "the card paid: approved");
    assertNotNull(recovered.cardPresentedAgain().atc());
  }

  @Test
  void aDetailThatDoesNotReadIsRefusedAsSettlementSaysAndEmptyForTheCheckout() {
    assertEquals(SaleDetail.empty(), SaleDetail.decode(null));
    assertEquals(SaleDetail.empty(), SaleDetail.decode(""));
    assertEquals(SaleDetail.empty(), SaleDetail.decode("{}"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SaleDetail.decode("{")).getMessage()
        .startsWith("detail: not JSON ("));
    assertEquals("detail: not a JSON object",
        assertThrows(IllegalArgumentException.class, () -> SaleDetail.decode("[1]")).getMessage());
    assertEquals(SaleDetail.empty(), StoredResults.detail(row(TxState.APPROVED, "{")));
    assertEquals(Collections.emptyList(), StoredResults.discounts(row(TxState.APPROVED, "[1]")));
    assertEquals("interrupted; nothing charged", StoredResults.of(row(TxState.CANCELLED, "not json")).reasonText());
  }

  @Test
  void partsOfTheWrongKindReadAsNotStored() {
    SaleDetail d = SaleDetail.decode("{\"discounts\":\"x\",\"offline_intent\":[1],\"card_presented_again\":2}");
    assertNull(d.discounts());
    assertNull(d.offlineIntent());
    assertNull(d.cardPresentedAgain());
    SaleDetail.Discount line = SaleDetail.decode("{\"discounts\":[{\"fen\":\"many\"}]}").discounts().get(0);
    assertEquals(new SaleDetail.Discount(null, -1, -1, -1), line, "as settlement read it: refused by the bank model");
    assertEquals(0, line.fenOrZero(), "as the checkout counted it");
  }

  static TxRecord row(TxState state, String detail) {
    return TxRecord.builder().id("T0000001-000000000001").seq(1).type(TxType.SALE).state(state)
        .registerRef("POS1-1").detail(detail).build();
  }

  static SaleDetail random(Random r) {
    List<SaleDetail.Discount> discounts = null;
    if (r.nextBoolean()) {
      discounts = new ArrayList<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        discounts.add(new SaleDetail.Discount(text(r), fen(r), fen(r), fen(r)));
      }
    }
    SaleDetail.Intent intent = r.nextBoolean() ? null : new SaleDetail.Intent(
        r.nextBoolean() ? null : r.nextInt(0x10000), r.nextBoolean() ? null : fen(r),
        r.nextBoolean() ? null : fen(r), text(r));
    SaleDetail.CardFigures again = r.nextBoolean() ? null : new SaleDetail.CardFigures(
        r.nextBoolean() ? null : r.nextInt(0x10000), r.nextBoolean() ? null : fen(r));
    return new SaleDetail(text(r), text(r),
        r.nextBoolean() ? null : new SaleDetail.Application(text(r), r.nextBoolean()), discounts, text(r), intent,
        again);
  }

  /** An amount in fen: mostly ordinary, sometimes 0, -1 (not stored) or a large one. */
  static long fen(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return 0;
      case 1:
        return -1;
      case 2:
        return r.nextLong() & Long.MAX_VALUE;
      default:
        return r.nextInt(1_000_000);
    }
  }
}

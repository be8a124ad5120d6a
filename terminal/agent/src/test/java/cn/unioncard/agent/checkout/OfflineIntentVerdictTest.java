package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.unioncard.agent.checkout.OfflineIntent.CardNow;
import cn.unioncard.agent.checkout.OfflineIntent.Verdict;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.protocol.Hex;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * What the card presented again says about an offline sale's intent (docs/checkout.md, *Offline sales and the card's
 * money*): stored ATC 41 and e-cash balance 200.00 before a sale of 12.34.
 */
class OfflineIntentVerdictTest {
  static final long BEFORE = 20_000;
  static final long AMOUNT = 1234;

  static TxRecord intent(String detail) {
    Instant t = Instant.parse("2026-11-23T03:00:00Z");
    return TxRecord.builder().id("T0000001-000000000007").seq(7).type(TxType.SALE).state(TxState.AWAITING_CARD)
        .businessDate(LocalDate.of(2026, 11, 23)).createdAt(t).updatedAt(t).registerRef("POS1-1")
        .card("AB", new byte[] {1}).funding(AMOUNT, 0, 0, 0, 0).detail(detail)
        .upload(UploadState.NOT_DUE, 0, null).build();
  }

  /** The intent's detail: {@code {"offline_intent":{"atc":...,"ec_balance_fen":...,"amount_fen":...}}}. */
  static String intentDetail(Integer atc, long before, long amount) {
    return SaleDetail.empty().withOfflineIntent(new SaleDetail.Intent(atc, before, amount, null)).encode();
  }

  static final TxRecord INTENT = intent(intentDetail(41, BEFORE, AMOUNT));

  @Test
  void theCardsCounterAndBalanceTellWhatHappened() {
    assertEquals(Verdict.NOT_DEBITED, OfflineIntent.judge(INTENT, new CardNow(41, BEFORE)), "the command never ran");
    assertEquals(Verdict.DEBITED, OfflineIntent.judge(INTENT, new CardNow(42, BEFORE - AMOUNT)));
    assertEquals(Verdict.NOT_DEBITED, OfflineIntent.judge(INTENT, new CardNow(42, BEFORE)), "ARQC or AAC");
  }

  @Test
  void anythingElseIsUnknown() {
    assertEquals(Verdict.UNKNOWN, OfflineIntent.judge(INTENT, new CardNow(43, BEFORE - AMOUNT)),
        "another transaction since: the balance cannot be read alone");
    assertEquals(Verdict.UNKNOWN, OfflineIntent.judge(INTENT, new CardNow(42, BEFORE - AMOUNT - 1)));
    assertEquals(Verdict.UNKNOWN, OfflineIntent.judge(INTENT, new CardNow(41, BEFORE - 1)), "a balance that moved alone");
    assertEquals(Verdict.UNKNOWN, OfflineIntent.judge(INTENT, new CardNow(null, BEFORE)), "no counter from the card");
    assertEquals(Verdict.UNKNOWN, OfflineIntent.judge(INTENT, new CardNow(42, null)), "no balance from the card");
    assertEquals(Verdict.UNKNOWN, OfflineIntent.judge(intent(intentDetail(null, BEFORE, AMOUNT)),
        new CardNow(41, BEFORE)), "no counter stored");
    assertEquals(Verdict.UNKNOWN, OfflineIntent.judge(intent(null), new CardNow(41, BEFORE)), "no intent at all");
  }

  @Test
  void theCounterBeforeAPurchaseIsItsCryptogramsLessOne() {
    assertEquals(41, OfflineIntent.atcBefore(Hex.of("9F3602002A")));
    assertNull(OfflineIntent.atcBefore(Hex.of("9F270180")), "no 9F36");
    assertNull(OfflineIntent.atcBefore(null));
  }
}

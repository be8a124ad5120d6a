package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.AccountBalance;
import cn.unioncard.protocol.ecr.BalanceQuery;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Refund;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.protocol.ecr.VoidSale;
import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.card.Profiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REFUND, VOID and BALANCE: money back to the accounts it came from, never more than is left, the last sale only. */
class CheckoutRefundTest {
  @TempDir Path dir;
  CheckoutRig rig;

  @BeforeEach
  void start() throws Exception {
    rig = new CheckoutRig(dir, 1);
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  /** The suitcase, 345.00: 200.00 from the benefit account, 145.00 from the debit account. */
  Result suitcase(String ref) throws Exception {
    rig.bank.setBalance(Profiles.load("ordinary-member").debit().pan(), "benefit", 20_000);
    rig.tap("ordinary-member");
    Result r = rig.sale(ref, 41000, CheckoutRig.SUITCASE);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    return r;
  }

  @Test
  void partialRefundsGoBackBenefitFirstAndNeverExceedTheSale() throws Exception {
    Result sale = suitcase("POS1-S1");
    Result r1 = rig.request(new Refund("POS1-R1", "POS1-S1", null, 25_000, List.of()));
    assertEquals(Outcome.APPROVED, r1.outcome(), r1.reasonText());
    assertEquals(MessageType.REFUND, r1.requestType());
    assertEquals(25_000, r1.amount());
    assertEquals(List.of(new Charge(Account.BENEFIT, 20_000), new Charge(Account.DEBIT, 5_000)), r1.charges());

    Result tooMuch = rig.request(new Refund("POS1-R2", null, sale.transactionId(), 10_000, List.of()));
    assertEquals(Outcome.DECLINED, tooMuch.outcome());
    assertEquals("RX", tooMuch.reasonCode());
    assertEquals("at most 95.00 of sale " + sale.transactionId() + " is left to refund", tooMuch.reasonText());

    Result r3 = rig.request(new Refund("POS1-R3", null, sale.transactionId(), 9_500, List.of()));
    assertEquals(List.of(new Charge(Account.DEBIT, 9_500)), r3.charges());
    Result none = rig.request(new Refund("POS1-R4", "POS1-S1", null, 1, List.of()));
    assertEquals("RX", none.reasonCode());

    // the store: two refund records due for upload, referring to the sale, the PAN sealed for each
    TxRecord row = rig.store.byRegisterRef(TxType.REFUND, "POS1-R1").orElseThrow();
    assertEquals(TxState.APPROVED, row.state());
    assertEquals(sale.transactionId(), row.originalId());
    assertEquals(UploadState.PENDING, row.uploadState());
    assertEquals(20_000, row.benefitFen());
    assertEquals(5_000, row.debitFen());
    assertEquals(rig.panHash("ordinary-member"), row.cardRef());
    assertEquals(Profiles.load("ordinary-member").debit().pan(), rig.signOn.keys().panProtection()
        .decryptPan(Hex.encode(row.panEncrypted()), row.id()).digits());
    assertEquals(2, rig.store.byOriginal(sale.transactionId()).size());
    // the repeated refund is answered, not done again
    assertEquals(r1, rig.request(new Refund("POS1-R1", "POS1-S1", null, 25_000, List.of())));
    assertEquals(2, rig.store.byOriginal(sale.transactionId()).size());
  }

  @Test
  void aRefundOfNothingKnownIsRefused() throws Exception {
    Result r = rig.request(new Refund("POS1-R9", "POS1-NONE", null, 100, List.of()));
    assertEquals(Outcome.DECLINED, r.outcome());
    assertEquals("ONF", r.reasonCode());
  }

  @Test
  void onlyTheLastSaleCanBeVoidedAndItsVoidIsARecordForTheBank() throws Exception {
    Result first = suitcase("POS1-S1");
    rig.tap("non-member-unionpay");
    Result second = rig.sale("POS1-S2", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, second.outcome());

    Result notLast = rig.request(new VoidSale("POS1-V1", "POS1-S1"));
    assertEquals(Outcome.DECLINED, notLast.outcome());
    assertEquals("NV", notLast.reasonCode());
    assertEquals(TxState.APPROVED, rig.store.get(first.transactionId()).orElseThrow().state());

    Result v = rig.request(new VoidSale("POS1-V2", "POS1-S2"));
    assertEquals(Outcome.APPROVED, v.outcome(), v.reasonText());
    assertEquals(9700, v.amount());
    assertEquals(List.of(new Charge(Account.DEBIT, 9700)), v.charges());
    assertEquals(TxState.VOIDED, rig.store.get(second.transactionId()).orElseThrow().state());
    TxRecord voidRow = rig.store.get(v.transactionId()).orElseThrow();
    assertEquals(TxType.VOID, voidRow.type());
    assertEquals(TxState.APPROVED, voidRow.state());
    assertEquals(UploadState.PENDING, voidRow.uploadState());
    assertEquals(second.transactionId(), voidRow.originalId());

    Result twice = rig.request(new VoidSale("POS1-V3", "POS1-S2"));
    assertEquals("NV", twice.reasonCode(), twice.reasonText());
    Result refundVoided = rig.request(new Refund("POS1-R1", "POS1-S2", null, 100, List.of()));
    assertEquals("ONF", refundVoided.reasonCode());
  }

  @Test
  void balanceShowsTheBenefitAndTheElectronicCash() throws Exception {
    rig.tap("model-worker");
    Result b = rig.request(new BalanceQuery("POS1-B1"));
    assertEquals(Outcome.APPROVED, b.outcome(), b.reasonText());
    assertEquals(List.of(new AccountBalance(Account.BENEFIT, ProfileBank.BENEFIT_FEN),
        new AccountBalance(Account.ELECTRONIC_CASH, Profiles.load("model-worker").debit().ecBalanceFen())),
        b.balances());
    assertTrue(rig.bank.ledger().authorisations().isEmpty(), "a balance charges nothing");

    rig.tap("non-member-unionpay");
    Result n = rig.request(new BalanceQuery("POS1-B2"));
    assertEquals(Outcome.APPROVED, n.outcome());
    assertTrue(n.balances().stream().noneMatch(x -> x.account() == Account.BENEFIT), "no benefit account");

    rig.tap("foreign-visa");
    assertEquals("NA", rig.request(new BalanceQuery("POS1-B3")).reasonCode());
  }

  // ------------------------------------------------------------------------------------------ an earlier day's key

  /** Whether the keys of {@code signOn} open the record's pan_encrypted. */
  static boolean opens(cn.unioncard.bank.SignOn signOn, TxRecord row) {
    try {
      signOn.keys().panProtection().decryptPan(Hex.encode(row.panEncrypted()), row.id());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aRefundOfASaleSealedUnderAnEarlierDataKeyReadsTheCardAgainAndMatchesItsKeyedHash() throws Exception {
    Result sale = suitcase("POS1-S1");
    cn.unioncard.bank.SignOn before = rig.signOn;
    rig.signOnAgain();
    TxRecord saleRow = rig.store.get(sale.transactionId()).orElseThrow();
    assertTrue(opens(before, saleRow));
    assertFalse(opens(rig.signOn, saleRow), "the new sign-on's data key cannot open the sale's card data");
    assertEquals(before.keys().panProtection().panHash(cn.unioncard.protocol.emv.Pan.parse(Profiles.load("ordinary-member").debit().pan())),
        rig.signOn.keys().panProtection().panHash(cn.unioncard.protocol.emv.Pan.parse(Profiles.load("ordinary-member").debit().pan())),
        "the PAN hash key is the same across sign-ons (docs/bank-api.md)");

    // another card: refused, nothing refunded, the refund row cancelled
    rig.tap("model-worker");
    Result wrong = rig.request(new Refund("POS1-R1", "POS1-S1", null, 25_000, List.of()));
    assertEquals(Outcome.DECLINED, wrong.outcome());
    assertEquals("WC", wrong.reasonCode());
    TxRecord wrongRow = rig.store.byRegisterRef(TxType.REFUND, "POS1-R1").orElseThrow();
    assertEquals(TxState.CANCELLED, wrongRow.state());
    assertEquals("wrong_card", wrongRow.reason());
    assertEquals(UploadState.NOT_DUE, wrongRow.uploadState());

    // the sale's card: the refund goes, its card data sealed under the new key for the refund's id
    rig.tap("ordinary-member");
    Result r = rig.request(new Refund("POS1-R2", "POS1-S1", null, 25_000, List.of()));
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(List.of(new Charge(Account.BENEFIT, 20_000), new Charge(Account.DEBIT, 5_000)), r.charges());
    TxRecord row = rig.store.get(r.transactionId()).orElseThrow();
    assertEquals(TxState.APPROVED, row.state());
    assertEquals(UploadState.PENDING, row.uploadState());
    assertEquals(rig.panHash("ordinary-member"), row.cardRef());
    assertEquals(Profiles.load("ordinary-member").debit().pan(), rig.signOn.keys().panProtection()
        .decryptPan(Hex.encode(row.panEncrypted()), row.id()).digits());
    assertTrue(rig.register.progressSeen("POS1-R2").contains(Stage.WAITING_FOR_CARD));

    // a refund of a sale of the same sign-on needs no card
    rig.tap("non-member-unionpay");
    Result today = rig.sale("POS1-S2", 9700, CheckoutRig.FLOUR);
    Result noCard = rig.request(new Refund("POS1-R3", "POS1-S2", null, 100, List.of()));
    assertEquals(Outcome.APPROVED, noCard.outcome(), noCard.reasonText());
    assertFalse(rig.register.progressSeen("POS1-R3").contains(Stage.WAITING_FOR_CARD));
    assertEquals(Outcome.APPROVED, today.outcome());
  }

  @Test
  void aVoidAcrossASignOnReadsTheCardAgain() throws Exception {
    rig.tap("non-member-unionpay");
    Result sale = rig.sale("POS1-S3", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, sale.outcome());
    rig.signOnAgain();
    rig.tap("non-member-unionpay");
    Result v = rig.request(new VoidSale("POS1-V4", "POS1-S3"));
    assertEquals(Outcome.APPROVED, v.outcome(), v.reasonText());
    assertEquals(TxState.VOIDED, rig.store.get(sale.transactionId()).orElseThrow().state());
    TxRecord voidRow = rig.store.get(v.transactionId()).orElseThrow();
    assertEquals(Profiles.load("non-member-unionpay").debit().pan(), rig.signOn.keys().panProtection()
        .decryptPan(Hex.encode(voidRow.panEncrypted()), voidRow.id()).digits());
  }
}

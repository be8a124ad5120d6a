package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.DiscountLine;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.FundingSource;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.bank.Ledger;
import cn.unioncard.sim.card.Profiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SALE end to end: the register's frames in, the bank's ledger, the store's rows and the RESULT's fields out. */
class CheckoutSaleTest {
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

  static long charged(Result r, Account account) {
    return r.charges().stream().filter(c -> c.account() == account).mapToLong(Charge::amount).sum();
  }

  @Test
  void flourCosts91ForAMemberAndTheBenefitAccountPaysFirst() throws Exception {
    rig.tap("model-worker");
    Result r = rig.sale("POS1-000123", 9700, CheckoutRig.FLOUR);

    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(MessageType.SALE, r.requestType());
    assertEquals("POS1-000123", r.reference());
    assertEquals("00", r.reasonCode());
    assertEquals(9100, r.amount(), "flour 97.00 -> 91.00");
    assertEquals(9100, charged(r, Account.BENEFIT), "the benefit account (500.00) pays it all");
    assertEquals(0, charged(r, Account.DEBIT));
    assertEquals(List.of(new DiscountLine("FLOUR", "面粉会员价", 300, FundingSource.MERCHANT),
        new DiscountLine("FLOUR", "面粉会员价", 300, FundingSource.BANK)), r.discounts(),
        "6.00 off, shared half and half by the merchant and the bank");
    assertTrue(r.receipt().contains("面粉 25kg 97.00"), r.receipt().toString());
    assertTrue(r.receipt().contains("合计 TOTAL 91.00"), r.receipt().toString());
    assertTrue(r.receipt().stream().noneMatch(l -> l.contains("6212260033001125")), "no PAN in clear on the receipt");
    assertTrue(rig.register.progressSeen("POS1-000123").containsAll(
        List.of(Stage.WAITING_FOR_CARD, Stage.READING_CARD, Stage.ASKING_BANK)));

    // the bank holds 91.00 on the benefit account, under the transaction id the register got
    Ledger.Authorisation a = rig.bank.ledger().authorisation(r.transactionId());
    assertEquals("authorised", a.status());
    assertEquals(9100, a.amountFen());
    assertEquals(9100, a.benefitFen());
    assertEquals(0, a.debitFen());
    assertEquals(9100, rig.held("model-worker", "benefit"));

    // the store: one approved sale, due for upload, with its funding and no PAN in clear
    TxRecord row = rig.store.get(r.transactionId()).orElseThrow();
    assertEquals(TxState.APPROVED, row.state());
    assertEquals(TxType.SALE, row.type());
    assertEquals("POS1-000123", row.registerRef());
    assertEquals(9100, row.amountFen());
    assertEquals(9100, row.benefitFen());
    assertEquals(300, row.merchantFen());
    assertEquals(300, row.bankFen());
    assertEquals(a.authCode(), row.authCode());
    assertEquals(UploadState.PENDING, row.uploadState());
    assertEquals(rig.panHash("model-worker"), row.cardRef());
    String pan = Profiles.load("model-worker").debit().pan();
    assertEquals(pan, rig.signOn.keys().panProtection().decryptPan(
        cn.unioncard.protocol.Hex.encode(row.panEncrypted()), row.id()).digits(), "pan_encrypted opens to the PAN");
    byte[] file = Files.readAllBytes(rig.store.file());
    assertFalse(new String(file, StandardCharsets.ISO_8859_1).contains(pan), "the PAN is nowhere in the store file");
    assertEquals(List.of(TxState.STARTED, TxState.AWAITING_BANK, TxState.APPROVED), transitions(row.id()));
  }

  List<TxState> transitions(String id) throws Exception {
    java.util.ArrayList<TxState> out = new java.util.ArrayList<>();
    for (cn.unioncard.agent.store.TransactionStore.Transition t : rig.store.history(id)) {
      out.add(t.state());
    }
    return out;
  }

  @Test
  void aSuitcaseCosts345AndTheDebitAccountPaysWhatTheBenefitCannot() throws Exception {
    rig.bank.setBalance(Profiles.load("ordinary-member").debit().pan(), "benefit", 20_000);
    rig.tap("ordinary-member");
    Result r = rig.sale("POS1-000200", 41000, CheckoutRig.SUITCASE);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(34500, r.amount(), "suitcase 410.00 -> 345.00");
    assertEquals(List.of(new Charge(Account.BENEFIT, 20_000), new Charge(Account.DEBIT, 14_500)), r.charges(),
        "the benefit account pays its 200.00, the debit account the rest");
    assertEquals(List.of(new DiscountLine("SUITCASE", "旅行箱会员价", 6500, FundingSource.BANK)), r.discounts());
    assertEquals(20_000, rig.held("ordinary-member", "benefit"));
    assertEquals(14_500, rig.held("ordinary-member", "debit"));
    assertEquals(ProfileBank.DEBIT_FEN, rig.bank.ledger().account(rig.panHash("ordinary-member"), "debit")
        .balanceFen(), "held, not yet settled");
  }

  @Test
  void aNonMemberPaysFullPriceFromTheDebitAccount() throws Exception {
    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-000300", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(9700, r.amount());
    assertEquals(List.of(new Charge(Account.DEBIT, 9700)), r.charges());
    assertTrue(r.discounts().isEmpty());
    assertEquals(9700, rig.held("non-member-unionpay", "debit"));
  }

  @Test
  void aMemberAskingForDebitOnlyKeepsTheBenefit() throws Exception {
    rig.tap("model-worker");
    Result r = rig.saleDebitOnly("POS1-000400", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(List.of(new Charge(Account.DEBIT, 9100)), r.charges(), "the discount stays, the benefit is not used");
    assertEquals(0, rig.held("model-worker", "benefit"));
  }

  @Test
  void aSmallSaleIsApprovedOfflineFromTheCardsElectronicCash() throws Exception {
    rig.stop();
    rig.config = rig.config.withOffline(new cn.unioncard.agent.checkout.OfflineLimits(10_000, 2_000, 20_000_000,
        java.time.Duration.ofDays(3), 20_000));
    rig.start();
    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-000450", 1234);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(List.of(new Charge(Account.ELECTRONIC_CASH, 1234)), r.charges());
    assertTrue(rig.bank.ledger().authorisations().isEmpty(), "the card approved it offline: no bank");
    assertEquals(20_000 - 1234, Profiles.loadFile(dir.resolve("non-member-unionpay.json")).debit().ecBalanceFen());
    TxRecord row = rig.store.get(r.transactionId()).orElseThrow();
    assertEquals(TxState.APPROVED, row.state());
    assertEquals(1234, row.ecashFen());
    assertEquals(UploadState.PENDING, row.uploadState());
    assertTrue(row.detail().contains("\"icc_data\":\"9F26"), "the TC for the upload: " + row.detail());

    // above the offline limit the card is asked to go online, and the debit account pays
    rig.tap("non-member-unionpay");
    Result big = rig.sale("POS1-000451", 10_001);
    assertEquals(List.of(new Charge(Account.DEBIT, 10_001)), big.charges());
  }

  @Test
  void aForeignCardIsNotAccepted() throws Exception {
    rig.tap("foreign-visa");
    Result r = rig.sale("POS1-000500", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.DECLINED, r.outcome());
    assertEquals("NA", r.reasonCode());
    assertEquals("card not accepted", r.reasonText());
    assertTrue(rig.bank.ledger().authorisations().isEmpty());
    assertTrue(rig.store.unfinished().isEmpty());
  }

  @Test
  void theResultOnTheWireIsTheResultTheRegisterRead() throws Exception {
    rig.tap("model-worker");
    Result r = rig.sale("POS1-000600", 9700, CheckoutRig.FLOUR);
    Result again = (Result) EcrMessage.parse(r.encode());
    assertEquals(r, again);
    assertNotNull(r.transactionId());
    assertTrue(r.transactionId().matches("T0000001-\\d{12}"));
    assertNull(r.terminalState());
  }
}

package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.checkout.OfflineIntentRecovery;
import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.settle.SettlementConfig;
import cn.unioncard.agent.settle.SettlementWorker;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.BalanceQuery;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.StatusQuery;
import cn.unioncard.sim.bank.Ledger;
import cn.unioncard.sim.card.FieldCard;
import cn.unioncard.sim.card.Profiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: an offline electronic-cash sale whose terminal dies after the card's decision (qPBOC: the card takes its
 * electronic cash at GET PROCESSING OPTIONS). The intent is stored before that command; recovery never cancels it
 * as "nothing charged"; the register's STATUS says the outcome is unknown; the card presented again tells what
 * happened, and the money is accounted exactly once. Real parts: simulated cards with their state in files, a
 * SQLite store reopened by a new checkout, the bank simulator over HTTPS.
 */
class OfflineIntentTest {
  static final String CARD = "non-member-unionpay";
  static final long EC_BEFORE = 20_000;
  static final byte GPO = (byte) 0xA8;

  @TempDir Path dir;
  CheckoutRig rig;

  /** The process dies here: thrown by the reader, it ends the checkout's request without anything more. */
  static final class PowerCut extends RuntimeException {
    PowerCut() {
      super("power cut");
    }
  }

  @BeforeEach
  void start() throws Exception {
    rig = new CheckoutRig(dir, 1);
    rig.stop();
    rig.config = rig.config.withOffline(new OfflineLimits(10_000, 2_000, 20_000_000, Duration.ofDays(3), 20_000));
    rig.start();
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  /** Taps the card through a reader that dies right after the card ran GET PROCESSING OPTIONS (or right before). */
  void tapAndDieAtGpo(boolean afterTheCard) throws Exception {
    FieldCard card = rig.card(CARD);
    card.enterField();
    rig.reader.taps.add(new ApduTransport() {
      @Override
      public byte[] transmit(byte[] command) throws CardIoException, cn.unioncard.ports.card.ReaderIoException {
        if (command.length > 1 && command[1] == GPO && !afterTheCard) {
          throw new PowerCut();
        }
        byte[] answer = card.transmit(command);
        if (command.length > 1 && command[1] == GPO && afterTheCard) {
          throw new PowerCut();
        }
        return answer;
      }
    });
  }

  long ecBalance() throws Exception {
    return Profiles.loadFile(dir.resolve(CARD + ".json")).debit().ecBalanceFen();
  }

  /** The sale of 12.34 dies at the card's decision; the terminal starts again over the same store. */
  TxRecord saleDiesThenRestart(String ref, boolean afterTheCard) throws Exception {
    tapAndDieAtGpo(afterTheCard);
    rig.sale(ref, 1234); // the dying process's answer: in a real crash the register hears nothing
    rig.stop();
    rig.start(); // a new checkout over the same store file; recover() runs
    TxRecord row = rig.store.byRegisterRef(cn.unioncard.agent.store.TxType.SALE, ref).orElseThrow();
    assertEquals(TxState.AWAITING_CARD, row.state(), "recovery does not cancel an intent the card may have paid");
    assertEquals(1234, row.amountFen());
    assertEquals(rig.panHash(CARD), row.cardRef());
    assertTrue(row.detail().contains("\"offline_intent\""), row.detail());
    return row;
  }

  void assertUnknown(Result r) {
    assertEquals(Outcome.UNKNOWN, r.outcome(), r.reasonText());
    assertEquals("UNK", r.reasonCode());
    assertEquals("unknown: the card may have paid; do not charge again until resolved", r.reasonText());
    assertFalse(r.reasonText().contains("nothing charged"));
  }

  @Test
  void theCardPaidAndIsPresentedAgainForABalance() throws Exception {
    TxRecord row = saleDiesThenRestart("POS1-800", true);
    assertEquals(EC_BEFORE - 1234, ecBalance(), "the card took its electronic cash before the terminal died");

    // the register asks: unknown, never "nothing charged"; asking again with the SALE charges nothing
    assertUnknown(rig.request(new StatusQuery("POS1-800")));
    Result again = rig.sale("POS1-800", 1234);
    assertUnknown(again);
    assertEquals(row.id(), again.transactionId());
    assertEquals(EC_BEFORE - 1234, ecBalance(), "not charged twice");

    // the member shows the card for a balance: the card shows the debit, the sale is approved from e-cash
    rig.tap(CARD);
    Result balance = rig.request(new BalanceQuery("POS1-801"));
    assertEquals(Outcome.APPROVED, balance.outcome(), balance.reasonText());
    TxRecord done = rig.store.get(row.id()).orElseThrow();
    assertEquals(TxState.APPROVED, done.state());
    assertEquals("recovered_from_card", done.reason());
    assertEquals(1234, done.ecashFen());
    assertEquals(0, done.debitFen() + done.benefitFen());
    assertEquals(UploadState.PENDING, done.uploadState());
    assertFalse(rig.store.unfinished().stream().anyMatch(r -> r.id().equals(row.id())));

    Result status = rig.request(new StatusQuery("POS1-800"));
    assertEquals(Outcome.APPROVED, status.outcome(), status.reasonText());
    assertEquals(1234, status.amount());
    assertEquals(List.of(new Charge(Account.ELECTRONIC_CASH, 1234)), status.charges());

    // uploaded: the bank holds the sale once, as electronic cash; nothing reached the member's other accounts
    SettlementWorker w = new SettlementWorker(rig.store, rig.client, SettlementConfig.defaults(), rig.clock);
    assertEquals(SettlementWorker.Round.Outcome.DRAINED, w.drain().outcome());
    List<Ledger.Record> records = rig.bank.ledger().records(CheckoutRig.TERMINAL, done.businessDate().toString());
    assertEquals(1, records.size(), records.toString());
    assertEquals(row.id(), records.get(0).transactionId());
    assertEquals("sale", records.get(0).type());
    assertEquals(1234, records.get(0).ecashFen());
    assertEquals(1234, records.get(0).amountFen());
    assertTrue(rig.bank.ledger().authorisations().isEmpty(), "no authorisation: nothing held at the bank");
    assertEquals(EC_BEFORE - 1234, ecBalance(), "the card paid once");
  }

  @Test
  void aCardThatDoesNotComeBackGoesToTheBankAsOutcomeUnknownAndCountsNowhere() throws Exception {
    TxRecord row = saleDiesThenRestart("POS1-830", true);
    SettlementWorker w = new SettlementWorker(rig.store, rig.client, SettlementConfig.defaults(), rig.clock);
    String day = row.businessDate().toString();

    // within the wait nothing is uploaded, and the day waits for the card
    assertEquals(SettlementWorker.Round.Outcome.DRAINED, w.drain().outcome());
    assertTrue(rig.bank.ledger().records(CheckoutRig.TERMINAL, day).isEmpty());
    assertEquals(cn.unioncard.agent.settle.DayClose.Result.NOT_READY, w.dayClose().close(row.businessDate()).result());
    assertEquals(new OfflineIntentRecovery.Unknown(1, 0, row.createdAt()), OfflineIntentRecovery.unknown(rig.store),
        "the status: one sale of unknown outcome, not with the bank yet");

    // the card did not come back within the wait: uploaded as ecash_unknown, for the bank to match
    rig.clock.advance(SettlementWorker.OFFLINE_INTENT_WAIT.plusMinutes(1));
    assertEquals(SettlementWorker.Round.Outcome.DRAINED, w.drain().outcome());
    List<Ledger.Record> records = rig.bank.ledger().records(CheckoutRig.TERMINAL, day);
    assertEquals(1, records.size(), records.toString());
    assertEquals("ecash_unknown", records.get(0).type());
    assertEquals(row.id(), records.get(0).transactionId());
    assertEquals(1234, records.get(0).ecashFen());
    Ledger.DayTotals bank = rig.bank.ledger().totals(CheckoutRig.TERMINAL, day);
    assertEquals(0, bank.categories().get("ecash").count(), "the bank counts it as no approved sale");
    TxRecord uploaded = rig.store.get(row.id()).orElseThrow();
    assertEquals(TxState.AWAITING_CARD, uploaded.state(), "still not known to the terminal");
    assertEquals(UploadState.ACCEPTED, uploaded.uploadState());
    assertUnknown(rig.request(new StatusQuery("POS1-830")));
    assertEquals(new OfflineIntentRecovery.Unknown(1, 1, row.createdAt()), OfflineIntentRecovery.unknown(rig.store));

    // SETTLE is no longer held by it: both sides count nothing
    assertEquals(cn.unioncard.agent.settle.DayClose.Result.CLOSED, w.dayClose().close(row.businessDate()).result());

    // the card comes back later: the debit is shown, the sale goes to the bank as the resolution of the record
    rig.tap(CARD);
    assertEquals(Outcome.APPROVED, rig.request(new BalanceQuery("POS1-831")).outcome());
    assertEquals(TxState.APPROVED, rig.store.get(row.id()).orElseThrow().state());
    assertEquals(SettlementWorker.Round.Outcome.DRAINED, w.drain().outcome());
    records = rig.bank.ledger().records(CheckoutRig.TERMINAL, day);
    assertEquals(1, records.size(), records.toString());
    assertEquals("sale", records.get(0).type(), "resolved: the card paid");
    assertEquals(1234, rig.bank.ledger().totals(CheckoutRig.TERMINAL, day).categories().get("ecash").amountFen());
    assertEquals(UploadState.ACCEPTED, rig.store.get(row.id()).orElseThrow().uploadState());
    assertEquals(new OfflineIntentRecovery.Unknown(0, 0, null), OfflineIntentRecovery.unknown(rig.store));
    assertEquals(EC_BEFORE - 1234, ecBalance(), "the card paid once");
  }

  @Test
  void theCardDidNotPayAndIsPresentedAgainForASale() throws Exception {
    TxRecord row = saleDiesThenRestart("POS1-810", false);
    assertEquals(EC_BEFORE, ecBalance(), "the terminal died before the card's command");
    assertUnknown(rig.request(new StatusQuery("POS1-810")));

    // the next sale of the same card: the card shows no debit, the old sale is cancelled, the new one is paid
    rig.tap(CARD);
    Result next = rig.sale("POS1-811", 500);
    assertEquals(Outcome.APPROVED, next.outcome(), next.reasonText());
    assertEquals(List.of(new Charge(Account.ELECTRONIC_CASH, 500)), next.charges());
    TxRecord old = rig.store.get(row.id()).orElseThrow();
    assertEquals(TxState.CANCELLED, old.state());
    assertEquals("not_debited", old.reason());
    assertEquals(UploadState.NOT_DUE, old.uploadState(), "nothing to upload");
    Result status = rig.request(new StatusQuery("POS1-810"));
    assertEquals(Outcome.FAILED, status.outcome());
    assertEquals(0, status.amount());
    assertTrue(status.reasonText().contains("nothing charged"), status.reasonText());
    assertEquals(EC_BEFORE - 500, ecBalance(), "only the new sale");
  }

  @Test
  void aCardThatMayPayOfflineButGoesOnlineIsPaidByTheBankFromItsIntent() throws Exception {
    // a contact card asked for a TC at its first GENERATE AC answers an ARQC (this debit application always does)
    rig.reader.contact = true;
    rig.tap(CARD);
    Result r = rig.sale("POS1-840", 1234);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(List.of(new Charge(Account.DEBIT, 1234)), r.charges());
    assertEquals(List.of(TxState.STARTED, TxState.AWAITING_CARD, TxState.AWAITING_BANK, TxState.APPROVED),
        rig.store.history(r.transactionId()).stream().map(t -> t.state()).collect(java.util.stream.Collectors.toList()),
        "the intent before the card's command, then the bank");
    assertEquals("authorised", rig.bank.ledger().authorisation(r.transactionId()).status());
    assertEquals(EC_BEFORE, ecBalance(), "the electronic cash untouched");
  }

  @Test
  void aCardRefusedAfterTheIntentIsAskedAtOnceWhetherItPaid() throws Exception {
    // an expired card: its own decision is an AAC, and the kernel refuses it for its dates after the command
    rig.tap("expired");
    Result r = rig.saleDebitOnly("POS1-850", 1234); // a member: DEBIT ONLY, so the benefit pays nothing
    assertEquals(Outcome.DECLINED, r.outcome(), r.reasonText());
    assertEquals("NA", r.reasonCode());
    TxRecord row = rig.store.get(r.transactionId()).orElseThrow();
    assertEquals(TxState.CANCELLED, row.state(), "the card, still in the field, shows no debit");
    assertEquals("not_debited", row.reason());
    assertTrue(rig.store.unfinished().isEmpty());
  }

  @Test
  void aCardThatLeavesDuringItsOfflineDecisionIsAnsweredUnknownNotNothingCharged() throws Exception {
    FieldCard card = rig.card(CARD);
    card.enterField();
    rig.reader.taps.add(command -> {
      byte[] answer = card.transmit(command);
      if (command.length > 1 && command[1] == GPO) {
        card.leaveField();
        throw new CardIoException("the card left with its answer");
      }
      return answer;
    });
    Result r = rig.sale("POS1-820", 1234);
    assertUnknown(r);
    assertEquals(EC_BEFORE - 1234, ecBalance());
    assertEquals(TxState.AWAITING_CARD, rig.store.get(r.transactionId()).orElseThrow().state());

    rig.tap(CARD);
    Result next = rig.sale("POS1-821", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, next.outcome(), next.reasonText());
    assertEquals(TxState.APPROVED, rig.store.get(r.transactionId()).orElseThrow().state());
    assertEquals(Outcome.APPROVED, rig.request(new StatusQuery("POS1-820")).outcome());
  }
}

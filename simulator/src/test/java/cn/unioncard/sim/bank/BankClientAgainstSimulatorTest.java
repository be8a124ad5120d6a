package cn.unioncard.sim.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.SignOn;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.bank.model.AuthorisationRequest;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.BatchRequest;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.DayCloseResult;
import cn.unioncard.bank.model.Funding;
import cn.unioncard.bank.model.FundingTotal;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.RecordType;
import cn.unioncard.bank.model.ReversalReason;
import cn.unioncard.bank.model.ReversalRequest;
import cn.unioncard.bank.model.ReversalResult;
import cn.unioncard.bank.model.TotalCategory;
import cn.unioncard.bank.model.TransactionRecord;
import cn.unioncard.protocol.emv.Pan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal's real okhttp client against the simulator: what the bank holds equals what the client did. */
class BankClientAgainstSimulatorTest {
  static final String TERMINAL = "T0000002";
  static final TestTerminal.Card CARD = new TestTerminal.Card(TestTerminal.luhn("621700000000005678"), "00");

  @TempDir Path dir;
  BankSimulator bank;
  BankClient client;
  SignOn signOn;
  int atc = 10;

  @BeforeEach
  void start() throws Exception {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
    bank.addTerminal(TERMINAL);
    bank.addMerchant("M000001", "Test Shop");
    bank.addCard(CardSeed.of(CARD.pan(), CARD.psn(), "301231", null, 50_000, 20_000L));
    client = client(5);
    signOn = client.signOn(TestKeys.terminalMasterKey(TERMINAL));
  }

  @AfterEach
  void stop() {
    client.close();
    bank.close();
  }

  BankClient client(int attempts) {
    return new BankClient(TestKeys.clientConfig(bank.baseUrl().toString(), bank.caPem(), TERMINAL)
        .maxAttempts(attempts)
        .backoffBase(Duration.ofMillis(10))
        .backoffMax(Duration.ofMillis(50))
        .readTimeout(Duration.ofSeconds(20))
        .callTimeout(Duration.ofSeconds(60))
        .build());
  }

  AuthorisationRequest authorisation(String tx, long benefit, long debit) throws Exception {
    PanProtection p = signOn.keys().panProtection();
    Pan pan = Pan.parse(CARD.pan());
    return new AuthorisationRequest(tx, "M000001", p.panHash(pan), p.encryptPan(pan, tx), benefit + debit, benefit,
        debit, "156", TestTerminal.iccData(CARD, benefit + debit, atc++), null);
  }

  TransactionRecord sale(String tx, LocalDate date, long benefit, long debit) throws Exception {
    PanProtection p = signOn.keys().panProtection();
    Pan pan = Pan.parse(CARD.pan());
    return new TransactionRecord(tx, RecordType.SALE, date, Instant.parse(date + "T04:00:00.000Z"), p.panHash(pan),
        p.encryptPan(pan, tx), benefit + debit, new Funding(benefit, debit, 0, 0), List.of(), null, null, null,
        null, null);
  }

  @Test
  void authoriseAndReverseThroughTheClient() throws Exception {
    AuthorisationResponse a = client.authorise(authorisation("T0000002-1", 5_000, 1_000));
    assertTrue(a.approved(), String.valueOf(a.reason()));
    assertEquals(15_000L, a.benefitBalanceFen());
    assertEquals(ReversalResult.REVERSED, client.reverse(
        new ReversalRequest("T0000002-2", "T0000002-1", 6_000, ReversalReason.NO_ANSWER)).result());
    String h = CARD.panHash(bank);
    assertEquals(0, bank.ledger().account(h, "benefit").heldFen());
    assertEquals("reversed", bank.ledger().authorisation("T0000002-1").status());
  }

  @Test
  void anAnswerLostAfterTheWorkIsRetriedWithTheSameKeyAndHeldOnce() throws Exception {
    bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_AFTER).onPath("/v1/authorisations").times(1));
    AuthorisationResponse a = client.authorise(authorisation("T0000002-3", 0, 2_000));
    assertTrue(a.approved());
    assertEquals(2_000, bank.ledger().account(CARD.panHash(bank), "debit").heldFen(), "held once");
    assertEquals(1, bank.ledger().authorisations().size());

    AuthorisationRequest req = authorisation("T0000002-4", 0, 3_000);
    bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_AFTER).onPath("/v1/authorisations").times(1));
    try (BankClient once = client(1)) {
      BankException e = assertThrows(BankException.class, () -> once.authorise(req));
      assertEquals(BankException.Kind.UNREACHABLE, e.kind());
    }
    assertEquals("authorised", bank.ledger().authorisation("T0000002-4").status(), "the bank did the work");
    assertTrue(client.authorise(req).approved(), "the retry gets the stored answer");
    assertEquals(5_000, bank.ledger().account(CARD.panHash(bank), "debit").heldFen(), "no double hold");
  }

  @Test
  void retryableErrorsAreRetriedAndAWrongSignatureIsRefused() throws Exception {
    bank.faults().add(Faults.Rule.errors(1.0, 0, 429, 503, 500).onPath("/v1/authorisations").times(3));
    assertTrue(client.authorise(authorisation("T0000002-5", 0, 100)).approved());
    assertTrue(bank.faults().rules().isEmpty(), "three injected errors were answered first");
    bank.faults().add(Faults.Rule.of(Faults.Kind.WRONG_SIGNATURE).times(1));
    BankException e = assertThrows(BankException.class, () -> client.lookupMember(CARD.panHash(bank)));
    assertEquals(BankException.Kind.BAD_SIGNATURE, e.kind());
    bank.faults().add(Faults.Rule.trickle(7, 5).times(1));
    bank.faults().add(Faults.Rule.latency(50).times(1));
    assertTrue(client.lookupMember(CARD.panHash(bank)).isEmpty());
  }

  @Test
  void theExpiredCertificateIsRefused() throws Exception {
    bank.faults().expiredCertificate(true);
    try (BankClient fresh = client(1)) {
      assertThrows(BankException.class, () -> fresh.lookupMember(CARD.panHash(bank)));
    }
    bank.faults().expiredCertificate(false);
    try (BankClient fresh = client(1)) {
      assertTrue(fresh.lookupMember(CARD.panHash(bank)).isEmpty());
    }
  }

  @Test
  void duplicatedBatchDeliveryAndTheDayCloseMatchWhatTheClientSent() throws Exception {
    LocalDate date = LocalDate.of(2026, 11, 21);
    List<TransactionRecord> records = new ArrayList<>();
    long debit = 0;
    for (int i = 0; i < 500; i++) {
      records.add(sale("T0000002-S" + i, date, 0, 10 + i));
      debit += 10 + i;
    }
    bank.faults().add(Faults.Rule.of(Faults.Kind.DUPLICATE).onPath("/v1/records").times(1));
    BatchResponse r = client.uploadBatch(new BatchRequest("B-1", records));
    assertEquals(500, r.results().size());
    assertTrue(r.results().stream().allMatch(x -> x.status() == RecordStatus.DUPLICATE),
        "the second delivery found every record of the first");
    assertEquals(500, bank.ledger().records(TERMINAL, date.toString()).size());
    r = client.uploadBatch(new BatchRequest("B-1", records));
    assertTrue(r.results().stream().allMatch(x -> x.status() == RecordStatus.DUPLICATE));
    assertEquals(new Ledger.Total(500, debit), bank.ledger().totals(TERMINAL, date.toString()).categories().get("debit"));
    assertEquals(50_000 - debit, bank.ledger().account(CARD.panHash(bank), "debit").balanceFen(), "debited once");
    DayCloseRequest close = new DayCloseRequest(List.of(new CategoryTotal(TotalCategory.DEBIT, 500, debit)),
        List.of(new FundingTotal(cn.unioncard.bank.model.FundingSource.BANK_SUBSIDY, 0)));
    assertEquals(DayCloseResult.MATCHED, client.closeBusinessDay(date, close).result());
    assertNull(bank.ledger().authorisation("T0000002-S0"));
  }

  @Test
  void aFundingSourceThatDiffersIsReportedByItsSource() throws Exception {
    LocalDate date = LocalDate.of(2026, 11, 22);
    client.uploadBatch(new BatchRequest("B-F", List.of(sale("T0000002-F1", date, 0, 700))));
    DayCloseRequest close = new DayCloseRequest(List.of(new CategoryTotal(TotalCategory.DEBIT, 1, 700)),
        List.of(new FundingTotal(cn.unioncard.bank.model.FundingSource.BANK_SUBSIDY, 150)));
    cn.unioncard.bank.model.DayCloseResponse r = client.closeBusinessDay(date, close);
    assertEquals(DayCloseResult.DIFFERENCES, r.result());
    assertEquals(1, r.differences().size());
    assertEquals(cn.unioncard.bank.model.FundingSource.BANK_SUBSIDY, r.differences().get(0).source());
    assertNull(r.differences().get(0).category());
    assertEquals(150, r.differences().get(0).terminalAmountFen());
    assertEquals(0, r.differences().get(0).bankAmountFen());
  }
}

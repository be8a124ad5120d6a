package cn.unioncard.sim.bank;

import static cn.unioncard.sim.bank.TestTerminal.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.MemberLookupResponse;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReversalResponse;
import cn.unioncard.bank.model.ReversalResult;
import cn.unioncard.bank.model.TransactionState;
import cn.unioncard.bank.model.TransactionStatus;
import cn.unioncard.bank.signing.ReferenceSignature;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.Verifier;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.ApplicationCryptogram;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankSimulatorTest {
  static final String MERCHANT = "M000123";
  static final TestTerminal.Card CARD = new TestTerminal.Card(TestTerminal.luhn("621700000000001234"), "01");
  static final TestTerminal.Card UNKNOWN = new TestTerminal.Card(TestTerminal.luhn("621700000000009999"), "00");

  @TempDir Path dir;
  BankSimulator bank;
  TestTerminal terminal;

  @BeforeEach
  void start() throws Exception {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
    bank.addTerminal("T0000001");
    bank.addMerchant(MERCHANT, "Test Grocery");
    bank.addCard(CardSeed.of(CARD.pan(), CARD.psn(), "301231", "1234", 100_000, 30_000L)
        .withMember(new CardSeed.MemberSeed("M3201000012345", "江苏省总工会", "model_worker", "2027-12-31")));
    terminal = new TestTerminal(bank, "T0000001");
    terminal.signOn();
  }

  @AfterEach
  void stop() {
    bank.close();
  }

  private TestTerminal.Reply authorise(String tx, long benefit, long debit, String pin) throws Exception {
    String icc = terminal.iccData(CARD, benefit + debit);
    return terminal.post("/v1/authorisations",
        utf8(terminal.authorisation(tx, MERCHANT, CARD, benefit, debit, icc, pin)), tx);
  }

  @Test
  void approvedAuthorisationHoldsTheMoneyAndItsArpcIsTheCardsOne() throws Exception {
    String icc = terminal.iccData(CARD, 34_500);
    String tx = "T0000001-000000000042";
    TestTerminal.Reply r = terminal.post("/v1/authorisations",
        utf8(terminal.authorisation(tx, MERCHANT, CARD, 20_000, 14_500, icc, null)), tx);
    assertEquals(200, r.status(), r.text());
    TestTerminal.assertSigned(r);
    AuthorisationResponse a = TestTerminal.read(r, AuthorisationResponse.class);
    assertTrue(a.approved(), r.text());
    assertEquals("3030", a.arc());
    byte[] sk = TestTerminal.sessionKey(CARD, TestTerminal.atcOf(icc));
    assertEquals(Hex.encode(ApplicationCryptogram.arpcMethod1(sk, TestTerminal.arqcOf(icc), Hex.of("3030"))),
        a.arpc());
    assertEquals(10_000L, a.benefitBalanceFen());
    String h = CARD.panHash(bank);
    assertEquals(20_000, bank.ledger().account(h, "benefit").heldFen());
    assertEquals(14_500, bank.ledger().account(h, "debit").heldFen());
    assertEquals(30_000, bank.ledger().account(h, "benefit").balanceFen());
    assertEquals("authorised", bank.ledger().authorisation(tx).status());
    TestTerminal.Reply s = terminal.get("/v1/transactions/" + tx);
    assertEquals(TransactionState.AUTHORISED, TestTerminal.read(s, TransactionStatus.class).status());
  }

  @Test
  void aWrongArqcIsDeclinedAndMovesNoMoney() throws Exception {
    String icc = terminal.iccData(CARD, 1_000);
    int at = icc.indexOf("9F2608") + 6;
    char c = icc.charAt(at);
    String bad = icc.substring(0, at) + (c == '0' ? '1' : '0') + icc.substring(at + 1);
    String tx = "T0000001-000000000043";
    TestTerminal.Reply r = terminal.post("/v1/authorisations",
        utf8(terminal.authorisation(tx, MERCHANT, CARD, 0, 1_000, bad, null)), tx);
    AuthorisationResponse a = TestTerminal.read(r, AuthorisationResponse.class);
    assertFalse(a.approved());
    assertEquals("cryptogram_failed", a.reason());
    assertEquals(0, bank.ledger().account(CARD.panHash(bank), "debit").heldFen());
    assertEquals("declined", bank.ledger().authorisation(tx).status());
  }

  @Test
  void theSameKeyAndBodyGiveTheStoredAnswerByteForByteAndAnotherBodyIsAConflict() throws Exception {
    String tx = "T0000001-000000000044";
    byte[] body = utf8(terminal.authorisation(tx, MERCHANT, CARD, 0, 5_000, terminal.iccData(CARD, 5_000), null));
    TestTerminal.Reply first = terminal.post("/v1/authorisations", body, tx);
    TestTerminal.Reply again = terminal.post("/v1/authorisations", body, tx);
    assertEquals(200, again.status());
    assertArrayEquals(first.body(), again.body());
    assertEquals(5_000, bank.ledger().account(CARD.panHash(bank), "debit").heldFen(), "held once");
    byte[] other = utf8(terminal.authorisation(tx, MERCHANT, CARD, 0, 6_000, terminal.iccData(CARD, 6_000), null));
    TestTerminal.Reply conflict = terminal.post("/v1/authorisations", other, tx);
    assertEquals(409, conflict.status());
    assertTrue(conflict.text().contains("idempotency_conflict"));
    TestTerminal.assertSigned(conflict);
  }

  @Test
  void staleTimestampReplayedRequestIdAndBadSignatureAreUnauthorised() throws Exception {
    byte[] body = utf8("{\"pan_hash\":\"" + CARD.panHash(bank) + "\"}");
    String path = "/v1/members/lookup";
    Map<String, String> stale = terminal.headers("POST", path, body, Instant.now().minusSeconds(301));
    assertEquals(401, terminal.send("POST", path, body, null, stale).status());
    Map<String, String> once = terminal.headers("POST", path, body, Instant.now());
    assertEquals(200, terminal.send("POST", path, body, null, once).status());
    TestTerminal.Reply replay = terminal.send("POST", path, body, null, once);
    assertEquals(401, replay.status());
    TestTerminal.assertSigned(replay);
    Map<String, String> forged = terminal.headers("POST", path, body, Instant.now());
    byte[] tampered = utf8("{\"pan_hash\":\"" + UNKNOWN.panHash(bank) + "\"}");
    assertEquals(401, terminal.send("POST", path, tampered, null, forged).status());
    TestTerminal stranger = new TestTerminal(bank, "T0000999");
    assertEquals(401, stranger.post(path, body, null).status());
  }

  @Test
  void memberLookUpAndBenefitBalance() throws Exception {
    TestTerminal.Reply r = terminal.post("/v1/members/lookup", utf8("{\"pan_hash\":\"" + CARD.panHash(bank) + "\"}"), null);
    MemberLookupResponse m = TestTerminal.read(r, MemberLookupResponse.class);
    assertEquals("M3201000012345", m.member().memberId());
    r = terminal.post("/v1/members/lookup", utf8("{\"pan_hash\":\"" + UNKNOWN.panHash(bank) + "\"}"), null);
    assertNull(TestTerminal.read(r, MemberLookupResponse.class).member());
    r = terminal.post("/v1/benefit/balance", utf8("{\"pan_hash\":\"" + CARD.panHash(bank) + "\"}"), null);
    assertTrue(r.text().contains("\"balance_fen\":30000"), r.text());
    r = terminal.post("/v1/benefit/balance", utf8("{\"pan_hash\":\"" + UNKNOWN.panHash(bank) + "\"}"), null);
    assertEquals(404, r.status());
    assertEquals(400, terminal.post("/v1/benefit/balance", utf8("{\"pan_hash\":12}"), null).status());
  }

  @Test
  void threeWrongPinsBlockTheOnlinePin() throws Exception {
    assertTrue(TestTerminal.read(authorise("T0000001-000000000050", 0, 100, "1234"),
        AuthorisationResponse.class).approved());
    assertEquals("wrong_pin",
        TestTerminal.read(authorise("T0000001-000000000051", 0, 100, "9999"), AuthorisationResponse.class).reason());
    assertEquals("wrong_pin",
        TestTerminal.read(authorise("T0000001-000000000052", 0, 100, "9999"), AuthorisationResponse.class).reason());
    assertEquals("pin_tries_exceeded",
        TestTerminal.read(authorise("T0000001-000000000053", 0, 100, "9999"), AuthorisationResponse.class).reason());
    assertEquals("pin_tries_exceeded",
        TestTerminal.read(authorise("T0000001-000000000054", 0, 100, "1234"), AuthorisationResponse.class).reason());
  }

  @Test
  void insufficientFundsAndReversals() throws Exception {
    assertEquals("insufficient_funds", TestTerminal.read(authorise("T0000001-000000000060", 40_000, 0, null),
        AuthorisationResponse.class).reason());
    assertTrue(TestTerminal.read(authorise("T0000001-000000000061", 10_000, 500, null),
        AuthorisationResponse.class).approved());
    String h = CARD.panHash(bank);
    assertEquals(10_000, bank.ledger().account(h, "benefit").heldFen());
    String rev = "{\"transaction_id\":\"T0000001-000000000062\",\"original_transaction_id\":\"T0000001-000000000061\","
        + "\"amount_fen\":10500,\"reason\":\"no_answer\"}";
    TestTerminal.Reply r = terminal.post("/v1/reversals", utf8(rev), "T0000001-000000000062");
    assertEquals(ReversalResult.REVERSED, TestTerminal.read(r, ReversalResponse.class).result());
    assertEquals(0, bank.ledger().account(h, "benefit").heldFen());
    assertEquals(0, bank.ledger().account(h, "debit").heldFen());
    String again = rev.replace("000000000062", "000000000063");
    r = terminal.post("/v1/reversals", utf8(again), "T0000001-000000000063");
    assertEquals(ReversalResult.ALREADY_REVERSED, TestTerminal.read(r, ReversalResponse.class).result());
    String none = "{\"transaction_id\":\"T0000001-000000000064\",\"original_transaction_id\":\"T0000001-000000000099\","
        + "\"amount_fen\":1,\"reason\":\"void\"}";
    r = terminal.post("/v1/reversals", utf8(none), "T0000001-000000000064");
    assertEquals(ReversalResult.NOT_FOUND, TestTerminal.read(r, ReversalResponse.class).result());
    assertEquals(400, terminal.post("/v1/reversals", utf8(none), "wrong-key").status());
  }

  private String batch(String id, String... records) {
    return "{\"batch_id\":\"" + id + "\",\"records\":[" + String.join(",", records) + "]}";
  }

  @Test
  void batchAcceptsDuplicatesAndRejects() throws Exception {
    String date = LocalDate.now().toString();
    assertTrue(TestTerminal.read(authorise("T0000001-000000000070", 2_000, 1_000, null),
        AuthorisationResponse.class).approved());
    String sale = terminal.saleRecord("T0000001-000000000070", date, CARD, 2_000, 1_000, 300, 200);
    String other = terminal.saleRecord("T0000001-000000000071", date, CARD, 0, 700, 0, 0);
    String unknown = terminal.saleRecord("T0000001-000000000072", date, UNKNOWN, 0, 700, 0, 0);
    String mismatch = other.replace("000000000071", "000000000073").replace("\"amount_fen\":700", "\"amount_fen\":701");
    TestTerminal.Reply r = terminal.post("/v1/records/batches", utf8(batch("B1", sale, other, unknown, mismatch)), null);
    assertEquals(200, r.status(), r.text());
    BatchResponse b = TestTerminal.read(r, BatchResponse.class);
    assertEquals(RecordStatus.ACCEPTED, b.results().get(0).status());
    assertEquals(RecordStatus.ACCEPTED, b.results().get(1).status());
    assertEquals("unknown_card", b.results().get(2).reason());
    assertEquals("amounts_mismatch", b.results().get(3).reason());
    String h = CARD.panHash(bank);
    assertEquals(0, bank.ledger().account(h, "benefit").heldFen(), "the sale settles its authorisation's hold");
    assertEquals(28_000, bank.ledger().account(h, "benefit").balanceFen());
    assertEquals(100_000 - 1_700, bank.ledger().account(h, "debit").balanceFen());
    // the same records again (new encryption, so the content differs) and the very same bytes
    r = terminal.post("/v1/records/batches", utf8(batch("B2", sale)), null);
    assertEquals(RecordStatus.DUPLICATE, TestTerminal.read(r, BatchResponse.class).results().get(0).status());
    String changed = terminal.saleRecord("T0000001-000000000071", date, CARD, 0, 800, 0, 0);
    r = terminal.post("/v1/records/batches", utf8(batch("B3", changed)), null);
    assertEquals("conflict", TestTerminal.read(r, BatchResponse.class).results().get(0).reason());
    assertEquals(2, bank.ledger().records(null, null).size());
    assertEquals(TransactionState.SETTLED, TestTerminal.read(terminal.get("/v1/transactions/T0000001-000000000071"),
        TransactionStatus.class).status());
    assertEquals(404, terminal.get("/v1/transactions/T0000001-000000000072").status());
    assertEquals(400, terminal.post("/v1/records/batches", utf8("{\"batch_id\":\"B4\",\"records\":[{}]}"), null)
        .status());
    assertEquals(2, bank.ledger().records(null, null).size(), "a malformed batch stores nothing");
  }

  @Test
  void dayCloseMatchesThenShowsTheMissingRecord() throws Exception {
    String date = "2026-11-20";
    String a = terminal.saleRecord("T0000001-000000000080", date, CARD, 1_000, 2_000, 300, 200);
    String b = terminal.saleRecord("T0000001-000000000081", date, CARD, 0, 500, 0, 0);
    terminal.post("/v1/records/batches", utf8(batch("B10", a)), null);
    String close = "{\"totals\":[{\"category\":\"debit\",\"count\":2,\"amount_fen\":2500},"
        + "{\"category\":\"benefit\",\"count\":1,\"amount_fen\":1000}],"
        + "\"funding\":[{\"source\":\"merchant_concession\",\"amount_fen\":300},"
        + "{\"source\":\"bank_subsidy\",\"amount_fen\":200}]}";
    String key = "close-T0000001-" + date;
    TestTerminal.Reply r = terminal.post("/v1/business-days/" + date + "/close", utf8(close), key);
    assertEquals(200, r.status(), r.text());
    assertTrue(r.text().contains("\"result\":\"differences\""), r.text());
    assertTrue(r.text().contains("\"category\":\"debit\",\"terminal_count\":2,\"bank_count\":1"), r.text());
    assertTrue(r.text().contains("T0000001-000000000080"), r.text());
    assertEquals("open", bank.ledger().days().get(0).status());
    terminal.post("/v1/records/batches", utf8(batch("B11", b)), null);
    r = terminal.post("/v1/business-days/" + date + "/close", utf8(close), key);
    assertEquals("{\"result\":\"matched\"}", r.text());
    assertEquals("closed", bank.ledger().days().get(0).status());
    TestTerminal.Reply again = terminal.post("/v1/business-days/" + date + "/close", utf8(close), key);
    assertArrayEquals(r.body(), again.body());
    Ledger.DayTotals t = bank.ledger().totals("T0000001", date);
    assertEquals(new Ledger.Total(2, 2_500), t.categories().get("debit"));
    assertEquals(300L, t.funding().get("merchant_concession"));
  }

  @Test
  void dropAfterKeepsTheWorkAndTheRetryGetsTheStoredAnswer() throws Exception {
    bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_AFTER).onPath("/v1/authorisations").times(1));
    String tx = "T0000001-000000000090";
    byte[] body = utf8(terminal.authorisation(tx, MERCHANT, CARD, 0, 4_000, terminal.iccData(CARD, 4_000), null));
    assertThrows(IOException.class, () -> terminal.post("/v1/authorisations", body, tx));
    assertEquals("authorised", bank.ledger().authorisation(tx).status(), "the work was done");
    TestTerminal.Reply retry = terminal.post("/v1/authorisations", body, tx);
    assertTrue(TestTerminal.read(retry, AuthorisationResponse.class).approved());
    assertEquals(4_000, bank.ledger().account(CARD.panHash(bank), "debit").heldFen(), "no double hold");
    assertTrue(bank.faults().rules().isEmpty(), "the counted fault is used up");
  }

  @Test
  void dropBeforeDoesNothing() throws Exception {
    bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_BEFORE).times(1));
    String tx = "T0000001-000000000091";
    byte[] body = utf8(terminal.authorisation(tx, MERCHANT, CARD, 0, 4_000, terminal.iccData(CARD, 4_000), null));
    assertThrows(IOException.class, () -> terminal.post("/v1/authorisations", body, tx));
    assertNull(bank.ledger().authorisation(tx));
    assertEquals(200, terminal.post("/v1/authorisations", body, tx).status());
  }

  @Test
  void duplicatedDeliveryIsProcessedTwiceAndCountedOnce() throws Exception {
    bank.faults().add(Faults.Rule.of(Faults.Kind.DUPLICATE).times(2));
    String tx = "T0000001-000000000092";
    TestTerminal.Reply r = authorise(tx, 0, 3_000, null);
    assertTrue(TestTerminal.read(r, AuthorisationResponse.class).approved());
    assertEquals(3_000, bank.ledger().account(CARD.panHash(bank), "debit").heldFen());
    String sale = terminal.saleRecord("T0000001-000000000093", LocalDate.now().toString(), CARD, 0, 100, 0, 0);
    r = terminal.post("/v1/records/batches", utf8(batch("B20", sale)), null);
    assertEquals(RecordStatus.DUPLICATE, TestTerminal.read(r, BatchResponse.class).results().get(0).status(),
        "the second delivery found the first one's record");
    assertEquals(1, bank.ledger().records(null, null).size());
  }

  @Test
  void errorsLatencyTrickleAndWrongSignatureAreObservable() throws Exception {
    byte[] body = utf8("{\"pan_hash\":\"" + CARD.panHash(bank) + "\"}");
    bank.faults().add(Faults.Rule.errors(1.0, 7, 429).times(1));
    TestTerminal.Reply r = terminal.post("/v1/members/lookup", body, null);
    assertEquals(429, r.status());
    assertEquals("7", r.headers().get("Retry-After"));
    TestTerminal.assertSigned(r);
    bank.faults().add(Faults.Rule.errors(1.0, 2, 503).onPath("/v1/benefit").times(1));
    assertEquals(200, terminal.post("/v1/members/lookup", body, null).status(), "another path is untouched");
    assertEquals(503, terminal.post("/v1/benefit/balance", body, null).status());

    bank.faults().add(Faults.Rule.latency(300).times(1));
    long t0 = System.nanoTime();
    assertEquals(200, terminal.post("/v1/members/lookup", body, null).status());
    assertTrue(System.nanoTime() - t0 >= 300_000_000L, "the latency was added");

    bank.faults().add(Faults.Rule.trickle(10, 20).times(1));
    t0 = System.nanoTime();
    r = terminal.post("/v1/members/lookup", body, null);
    assertTrue(r.text().contains("M3201000012345"));
    TestTerminal.assertSigned(r);
    long chunks = (r.body().length + 9) / 10;
    assertTrue(System.nanoTime() - t0 >= (chunks - 1) * 20_000_000L, "the body was trickled");

    bank.faults().add(Faults.Rule.of(Faults.Kind.WRONG_SIGNATURE).times(1));
    r = terminal.post("/v1/members/lookup", body, null);
    assertEquals(200, r.status());
    assertFalse(r.signatureValid(), "the wrong signature does not verify");
    assertTrue(terminal.post("/v1/members/lookup", body, null).signatureValid());
  }

  @Test
  void theExpiredCertificateIsRefusedByAClientThatChecksDates() throws Exception {
    bank.faults().expiredCertificate(true);
    terminal.tls = bank.certificates().clientContext();
    SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
        () -> terminal.post("/v1/members/lookup", utf8("{}"), null));
    boolean expired = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      expired |= t instanceof java.security.cert.CertificateExpiredException;
    }
    assertTrue(expired, "refused because the certificate expired: " + e);
    bank.faults().expiredCertificate(false);
    terminal.tls = bank.certificates().clientContext();
    assertEquals(200, terminal.post("/v1/members/lookup",
        utf8("{\"pan_hash\":\"" + CARD.panHash(bank) + "\"}"), null).status());
    assertTrue(bank.certificates().expiredCertificate().getNotAfter().toInstant().isBefore(Instant.now()));
  }

  @Test
  void aClientTrustingAnotherCaRefusesTheBank() throws Exception {
    BankCertificates other = BankCertificates.create(Instant.now(), java.time.Duration.ofDays(1));
    terminal.tls = other.clientContext();
    assertThrows(SSLHandshakeException.class, () -> terminal.post("/v1/members/lookup", utf8("{}"), null));
    assertTrue(bank.caPem().startsWith("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  void referenceDataIsSignedAndTheHotlistSendsDeltas() throws Exception {
    assertEquals(404, terminal.get("/v1/reference/fare-table").status());
    bank.publishReference("fare-table", utf8("{\"fares\":[200]}"));
    TestTerminal.Reply r = terminal.get("/v1/reference/fare-table");
    ReferenceDocument d = TestTerminal.read(r, ReferenceDocument.class);
    Verifier key = Verifier.of(SignatureAlgorithm.SM2_SM3, TestKeys.referencePublicKey());
    assertArrayEquals(utf8("{\"fares\":[200]}"), ReferenceSignature.verifiedContent(d, key));
    bank.publishReference("hotlist", utf8("A"));
    bank.publishHotlistDelta(utf8("+B"), utf8("AB"));
    bank.publishHotlistDelta(utf8("+C"), utf8("ABC"));
    ReferenceDocument delta = TestTerminal.read(terminal.get("/v1/reference/hotlist?since=1"), ReferenceDocument.class);
    assertEquals(2, delta.version());
    assertEquals(1L, delta.baseVersion());
    assertArrayEquals(utf8("+B"), ReferenceSignature.verifiedContent(delta, key));
    ReferenceDocument full = TestTerminal.read(terminal.get("/v1/reference/hotlist"), ReferenceDocument.class);
    assertEquals(3, full.version());
    assertNull(full.baseVersion());
    assertArrayEquals(utf8("ABC"), ReferenceSignature.verifiedContent(full, key));
    assertEquals(400, terminal.get("/v1/reference/hotlist?since=x").status());
    assertEquals(404, terminal.get("/v1/reference/nothing").status());
  }

  @Test
  void theLedgerSurvivesARestart() throws Exception {
    assertTrue(TestTerminal.read(authorise("T0000001-000000000095", 0, 1_000, null),
        AuthorisationResponse.class).approved());
    bank.close();
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
    assertNotNull(bank.ledger().authorisation("T0000001-000000000095"));
    assertEquals(1_000, bank.ledger().account(CARD.panHash(bank), "debit").heldFen());
    assertEquals(1, bank.ledger().idempotencyKeys());
  }
}

package cn.unioncard.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.FakeBank.Answer;
import cn.unioncard.bank.FakeBank.Signing;
import cn.unioncard.bank.keys.KeyBlocks;
import cn.unioncard.bank.model.AuthorisationRequest;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.BatchRequest;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.DayCloseResponse;
import cn.unioncard.bank.model.DayCloseResult;
import cn.unioncard.bank.model.Funding;
import cn.unioncard.bank.model.FundingSource;
import cn.unioncard.bank.model.FundingTotal;
import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.bank.model.KeyBlock;
import cn.unioncard.bank.model.RecordResult;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.RecordType;
import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.bank.model.ReversalReason;
import cn.unioncard.bank.model.ReversalRequest;
import cn.unioncard.bank.model.ReversalResult;
import cn.unioncard.bank.model.SignOnResponse;
import cn.unioncard.bank.model.TotalCategory;
import cn.unioncard.bank.model.TransactionRecord;
import cn.unioncard.bank.signing.ReferenceSignature;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.SigningString;
import cn.unioncard.bank.signing.Verifier;
import cn.unioncard.protocol.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.CertificatePinner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BankClientTest {
  static final String TERMINAL = "T0000001";
  static final byte[] TMK = Hex.of("0123456789ABCDEFFEDCBA9876543210");
  static final String TX = "T0000001-000000000042";
  static final Instant NOW = Instant.parse("2026-11-23T11:40:00.123Z");

  final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());
  final Signer terminalKey = Signer.sm2(SigningTestKeys.TERMINAL_SM2, new SecureRandom());
  FakeBank bank;
  BankClient client;

  /** Jitter that always draws the top of the range, so the waits show the back-off ceilings. */
  static final class TopJitter extends Random {
    private static final long serialVersionUID = 1L;

    @Override
    public double nextDouble() {
      return 0.999999;
    }
  }

  BankClientConfig.Builder config(FakeBank b) {
    return BankClientConfig.builder()
        .baseUrl(b.baseUrl())
        .terminalId(TERMINAL)
        .trustedCertificatesPem(FakeBank.CERT.certificatePem())
        .signer(terminalKey)
        .responseVerifier(b.responseKey.verifier())
        .referenceVerifier(b.referenceKey.verifier())
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(5))
        .callTimeout(Duration.ofSeconds(60))
        .sleeper(sleeps::add)
        .jitter(new TopJitter())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  BankClient start() throws IOException {
    bank = new FakeBank();
    client = new BankClient(config(bank).build());
    return client;
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (bank != null) {
      bank.close();
    }
  }

  static AuthorisationRequest authorisation() {
    return new AuthorisationRequest(TX, "M000123", Samples.PAN_HASH, "00112233", 34500, 20000, 14500, "156",
        "9F2608AABBCCDDEEFF0011", null);
  }

  static BankException kind(BankException.Kind k, org.junit.jupiter.api.function.Executable e) {
    BankException x = assertThrows(BankException.class, e);
    assertEquals(k, x.kind(), x.getMessage());
    return x;
  }

  @Test
  void requestHeadersAreSignedAndVerify() throws Exception {
    start();
    bank.plan(Answer.json(200, Samples.APPROVED));
    AuthorisationResponse r = client.authorise(authorisation());
    assertTrue(r.approved());
    assertEquals("A12345", r.authCode());

    RecordedRequest q = bank.request(0);
    assertEquals("POST", q.getMethod());
    assertEquals("/v1/authorisations", q.getTarget());
    assertEquals(TERMINAL, q.getHeaders().get("X-Terminal-Id"));
    assertEquals(TX, q.getHeaders().get("Idempotency-Key"));
    assertEquals("2026-11-23T11:40:00.123Z", q.getHeaders().get("X-Timestamp"));
    assertEquals("SM2-SM3", q.getHeaders().get("X-Signature-Alg"));
    String requestId = q.getHeaders().get("X-Request-Id");
    assertTrue(requestId.matches("[0-9a-f-]{36}"), requestId);
    byte[] body = q.getBody().toByteArray();
    assertArrayEquals(BankJson.write(authorisation()), body);
    byte[] signed = SigningString.request("POST", "/v1/authorisations", TERMINAL, requestId,
        "2026-11-23T11:40:00.123Z", SigningString.sha256Hex(body));
    Verifier terminal = Verifier.of(SignatureAlgorithm.SM2_SM3, terminalKey.publicKey());
    assertTrue(terminal.verify(signed, q.getHeaders().get("X-Signature")));
    // a changed body would not verify
    byte[] other = SigningString.request("POST", "/v1/authorisations", TERMINAL, requestId,
        "2026-11-23T11:40:00.123Z", SigningString.sha256Hex(Arrays.copyOf(body, body.length - 1)));
    assertFalse(terminal.verify(other, q.getHeaders().get("X-Signature")));
  }

  @Test
  void ecdsaSigningAndABodylessGetWithAQuery() throws Exception {
    bank = new FakeBank();
    Signer ecdsa = Signer.ecdsaP256(SigningTestKeys.TERMINAL_P256);
    client = new BankClient(config(bank).signer(ecdsa).build());
    byte[] content = "{\"cards\":[\"6222\"]}".getBytes(StandardCharsets.UTF_8);
    bank.plan(Answer.of(200, reference(bank, ReferenceKind.HOTLIST, 42, 41L, content)));
    ReferenceData d = client.referenceData(ReferenceKind.HOTLIST, 41L);
    assertArrayEquals(content, d.content());
    assertEquals(41L, d.baseVersion());
    RecordedRequest q = bank.request(0);
    assertEquals("/v1/reference/hotlist?since=41", q.getTarget());
    assertNull(q.getHeaders().get("Idempotency-Key"));
    assertEquals("ECDSA-P256-SHA256", q.getHeaders().get("X-Signature-Alg"));
    byte[] signed = SigningString.request("GET", "/v1/reference/hotlist?since=41", TERMINAL,
        q.getHeaders().get("X-Request-Id"), q.getHeaders().get("X-Timestamp"), SigningString.EMPTY_BODY_SHA256);
    assertTrue(ecdsa.verifier().verify(signed, q.getHeaders().get("X-Signature")));
  }

  static ReferenceDocument reference(FakeBank b, ReferenceKind kind, long v, Long base, byte[] content) {
    return new ReferenceDocument(kind, v, base, NOW, Base64.getEncoder().encodeToString(content),
        SignatureAlgorithm.SM2_SM3, ReferenceSignature.sign(b.referenceKey, kind.wireName(), v, base, content));
  }

  @Test
  void aReferenceDocumentWithABadSignatureGivesNothing() throws Exception {
    start();
    byte[] content = "{\"fares\":[]}".getBytes(StandardCharsets.UTF_8);
    ReferenceDocument good = reference(bank, ReferenceKind.FARE_TABLE, 7, null, content);
    ReferenceDocument forged = new ReferenceDocument(good.kind(), 8, null, good.issuedAt(), good.content(),
        good.signatureAlg(), good.signature());
    bank.plan(Answer.of(200, forged));
    kind(BankException.Kind.BAD_SIGNATURE, () -> client.referenceData(ReferenceKind.FARE_TABLE, null));
    // another kind than asked, even well signed, is not taken
    bank.plan(Answer.of(200, good));
    assertEquals("kind",
        kind(BankException.Kind.MALFORMED_RESPONSE, () -> client.referenceData(ReferenceKind.HOTLIST, null)).field());
    assertEquals("/v1/reference/hotlist", bank.request(1).getTarget());
  }

  @Test
  void aTamperedResponseSignatureIsBadSignatureAndNotRetried() throws Exception {
    start();
    bank.plan(Answer.json(200, Samples.BALANCE).signing(Signing.TAMPERED));
    kind(BankException.Kind.BAD_SIGNATURE, () -> client.benefitBalance(Samples.PAN_HASH));
    bank.plan(Answer.json(200, Samples.BALANCE).signing(Signing.NONE));
    kind(BankException.Kind.BAD_SIGNATURE, () -> client.benefitBalance(Samples.PAN_HASH));
    bank.plan(Answer.json(200, Samples.BALANCE).signing(Signing.OTHER_REQUEST_ID));
    kind(BankException.Kind.BAD_SIGNATURE, () -> client.benefitBalance(Samples.PAN_HASH));
    // an error answer is verified too
    bank.plan(Answer.json(409, "{\"error\":\"idempotency_conflict\",\"message\":\"x\"}").signing(Signing.TAMPERED));
    kind(BankException.Kind.BAD_SIGNATURE, () -> client.authorise(authorisation()));
    assertEquals(4, bank.requests.size());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void aServerWithAnotherCertificateIsRefused() throws Exception {
    bank = new FakeBank(FakeBank.OTHER_CERT);
    client = new BankClient(config(bank).build());
    BankException e = kind(BankException.Kind.UNREACHABLE, () -> client.benefitBalance(Samples.PAN_HASH));
    assertTrue(e.getMessage().contains("SSL"), e.getMessage());
    assertEquals(0, bank.server.getRequestCount(), "nothing was sent");
    assertTrue(sleeps.isEmpty(), "a certificate failure is not retried");
  }

  @Test
  void theCertificateIsCheckedAtTheClientsClockNotTheMachines() throws Exception {
    // the server's certificate is valid from NOW - 1 h to NOW + 1 day, whatever the machine's date; issued by a
    // CA, since a trusted certificate that is itself the leaf is a trust anchor, whose validity PKIX does not check
    bank = new FakeBank(FakeBank.CA_SIGNED, FakeBank.CA.certificate());
    bank.plan(Answer.json(200, Samples.BALANCE));
    try (BankClient atNow = new BankClient(config(bank).trustedCertificatesPem(FakeBank.CA.certificatePem()).build())) {
      assertEquals(12000, atNow.benefitBalance(Samples.PAN_HASH).balanceFen());
    }
    for (Instant outside : new Instant[] {NOW.plus(Duration.ofDays(2)), NOW.minus(Duration.ofHours(2))}) {
      try (BankClient other = new BankClient(config(bank).trustedCertificatesPem(FakeBank.CA.certificatePem())
          .clock(Clock.fixed(outside, ZoneOffset.UTC)).build())) {
        BankException e = kind(BankException.Kind.UNREACHABLE, () -> other.benefitBalance(Samples.PAN_HASH));
        assertTrue(e.getMessage().contains("SSL") || e.getMessage().contains("certificate"), e.getMessage());
      }
    }
    assertEquals(1, bank.server.getRequestCount(), "nothing was sent on an invalid certificate");
  }

  @Test
  void aCallInterruptedWhileConnectingIsABankFailureAndTheThreadKeepsItsInterrupt() throws Exception {
    start();
    Thread.currentThread().interrupt(); // as the daemon's stop does to its sign-on and reference threads
    try {
      BankException e = kind(BankException.Kind.UNREACHABLE, () -> client.benefitBalance(Samples.PAN_HASH));
      assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
    } finally {
      Thread.interrupted();
    }
    assertEquals(0, bank.server.getRequestCount(), "nothing was sent");
  }

  @Test
  void pinsAloneOrWithTheTrustStore() throws Exception {
    bank = new FakeBank();
    String goodPin = CertificatePinner.pin(FakeBank.CERT.certificate());
    String badPin = CertificatePinner.pin(FakeBank.OTHER_CERT.certificate());
    try (BankClient pinned =
        new BankClient(config(bank).certificatePin(goodPin).build())) {
      bank.plan(Answer.json(200, Samples.BALANCE));
      assertEquals(12000, pinned.benefitBalance(Samples.PAN_HASH).balanceFen());
    }
    try (BankClient wrongPin = new BankClient(config(bank).certificatePin(badPin).build())) {
      bank.plan(Answer.json(200, Samples.BALANCE));
      BankException e = kind(BankException.Kind.UNREACHABLE, () -> wrongPin.benefitBalance(Samples.PAN_HASH));
      assertTrue(e.getMessage().contains("pinning"), e.getMessage());
    }
    assertTrue(sleeps.isEmpty());
    // pins alone, with the system's CAs: the test certificate is not trusted by them
    try (BankClient pinsOnly =
        new BankClient(config(bank).trustedCertificatesPem(null).certificatePin(goodPin).build())) {
      kind(BankException.Kind.UNREACHABLE, () -> pinsOnly.benefitBalance(Samples.PAN_HASH));
    }
    assertThrows(IllegalArgumentException.class, () -> config(bank).trustedCertificatesPem(null).build());
  }

  @Test
  void a503ThenA200IsOneRetryWithTheSameKeyAndANewRequestId() throws Exception {
    start();
    bank.plan(Answer.json(503, "{\"error\":\"unavailable\",\"message\":\"busy\"}").signing(Signing.NONE));
    bank.plan(Answer.json(200, Samples.APPROVED));
    assertTrue(client.authorise(authorisation()).approved());
    assertEquals(2, bank.requests.size());
    RecordedRequest first = bank.request(0);
    RecordedRequest second = bank.request(1);
    assertEquals(TX, first.getHeaders().get("Idempotency-Key"));
    assertEquals(TX, second.getHeaders().get("Idempotency-Key"));
    assertNotEquals(first.getHeaders().get("X-Request-Id"), second.getHeaders().get("X-Request-Id"));
    assertEquals(first.getBody(), second.getBody());
    assertEquals(Collections.singletonList(200L), sleeps, "one wait, full jitter in [0, 200 ms]: the top");
  }

  @Test
  void retryAfterSecondsAndDateAreHonoured() throws Exception {
    start();
    bank.plan(Answer.json(429, "{\"error\":\"too_many_requests\",\"message\":\"slow down\"}").header("Retry-After", "1"));
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(Instant.parse("2026-11-23T11:40:03Z"), ZoneOffset.UTC));
    bank.plan(Answer.json(503, "").header("Retry-After", date));
    bank.plan(Answer.json(200, Samples.BALANCE));
    assertEquals(12000, client.benefitBalance(Samples.PAN_HASH).balanceFen());
    // NOW is …:00.123, the date …:03.000 → 2877 ms
    assertEquals(Arrays.asList(1000L, 2877L), sleeps);
  }

  @Test
  void aRetryAfterAboveTheMaximumEndsTheCall() throws Exception {
    start();
    bank.plan(Answer.json(429, "").header("Retry-After", "3600"));
    BankException e = kind(BankException.Kind.UNREACHABLE, () -> client.benefitBalance(Samples.PAN_HASH));
    assertTrue(e.getMessage().contains("3600000 ms"), e.getMessage());
    assertEquals(1, bank.requests.size());
  }

  @Test
  void attemptsAreBoundedWithExponentialCeilings() throws Exception {
    bank = new FakeBank();
    client = new BankClient(config(bank).maxAttempts(5).backoffBase(Duration.ofMillis(200))
        .backoffMax(Duration.ofMillis(1000)).build());
    for (int i = 0; i < 10; i++) {
      bank.plan(Answer.json(502, "bad gateway").signing(Signing.NONE));
    }
    BankException e = kind(BankException.Kind.UNREACHABLE, () -> client.reverse(
        new ReversalRequest("T0000001-000000000043", TX, 34500, ReversalReason.NO_ANSWER)));
    assertTrue(e.getMessage().contains("5 attempts"), e.getMessage());
    assertEquals(5, bank.requests.size());
    assertEquals(Arrays.asList(200L, 400L, 800L, 1000L), sleeps);
    for (RecordedRequest q : bank.requests) {
      assertEquals("T0000001-000000000043", q.getHeaders().get("Idempotency-Key"));
    }
  }

  @Test
  void theCallTimeoutBoundsTheWaits() throws Exception {
    bank = new FakeBank();
    client = new BankClient(config(bank).callTimeout(Duration.ofMillis(2500)).build());
    bank.plan(Answer.json(503, "").header("Retry-After", "2"));
    bank.plan(Answer.json(503, "").header("Retry-After", "2"));
    BankException e = kind(BankException.Kind.UNREACHABLE, () -> client.benefitBalance(Samples.PAN_HASH));
    assertTrue(e.getMessage().contains("no time left"), e.getMessage());
    assertEquals(Collections.singletonList(2000L), sleeps);
  }

  @Test
  void errorsTheCallerActsOn() throws Exception {
    start();
    bank.plan(Answer.json(409, "{\"error\":\"idempotency_conflict\",\"message\":\"same key, other body\"}"));
    kind(BankException.Kind.CONFLICT, () -> client.authorise(authorisation()));
    bank.plan(Answer.json(422, "{\"error\":\"rejected\",\"message\":\"merchant not known\",\"reason\":\"merchant_unknown\"}"));
    BankException r = kind(BankException.Kind.REJECTED, () -> client.authorise(authorisation()));
    assertEquals("merchant_unknown", r.reason());
    bank.plan(Answer.json(401, "{\"error\":\"unauthorised\",\"message\":\"stale timestamp\"}"));
    kind(BankException.Kind.UNAUTHORISED, () -> client.lookupMember(Samples.PAN_HASH));
    bank.plan(Answer.json(400, "{\"error\":\"malformed\",\"message\":\"pan_hash\"}"));
    kind(BankException.Kind.MALFORMED_REQUEST, () -> client.lookupMember(Samples.PAN_HASH));
    bank.plan(Answer.json(404, "{\"error\":\"not_found\",\"message\":\"no benefit account\"}"));
    kind(BankException.Kind.NOT_FOUND, () -> client.benefitBalance(Samples.PAN_HASH));
    bank.plan(Answer.json(404, "{\"error\":\"not_found\",\"message\":\"unknown\"}"));
    assertFalse(client.transactionStatus(TX).isPresent());
    bank.plan(Answer.json(302, "").header("Location", "https://elsewhere.test/"));
    kind(BankException.Kind.MALFORMED_RESPONSE, () -> client.lookupMember(Samples.PAN_HASH));
    bank.plan(Answer.json(422, "{\"error\":\"rejected\"}"));
    assertEquals("message", kind(BankException.Kind.MALFORMED_RESPONSE, () -> client.authorise(authorisation())).field());
    assertEquals(8, bank.requests.size(), "none of these is retried");
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void aConnectionDroppedAfterTheRequestIsRetriedWithTheSameKey() throws Exception {
    start();
    bank.plan(Answer.json(200, Samples.REVERSED).effect(b -> b.onResponseStart(new SocketEffect.CloseSocket())));
    bank.plan(Answer.json(200, Samples.REVERSED));
    ReversalRequest rev = new ReversalRequest("T0000001-000000000043", TX, 34500, ReversalReason.CARD_REMOVED);
    assertEquals(ReversalResult.REVERSED, client.reverse(rev).result());
    assertEquals(2, bank.requests.size());
    assertEquals(bank.request(0).getBody(), bank.request(1).getBody(), "the bank got the whole request first");
    assertEquals("T0000001-000000000043", bank.request(0).getHeaders().get("Idempotency-Key"));
    assertEquals("T0000001-000000000043", bank.request(1).getHeaders().get("Idempotency-Key"));
    assertEquals(1, sleeps.size());
  }

  @Test
  void aBodyCutShortIsRetried() throws Exception {
    start();
    bank.plan(Answer.json(200, Samples.STATUS).effect(b -> b.onResponseBody(new SocketEffect.CloseSocket())));
    bank.plan(Answer.json(200, Samples.STATUS));
    assertEquals(TX, client.transactionStatus(TX).get().transactionId());
    assertEquals(2, bank.requests.size());
  }

  static SignOnResponse signOn(KeyAlgorithm a, byte[] tmk, String pinKcvOverride) {
    byte[] k = Hex.of("00112233445566778899AABBCCDDEEFF");
    KeyBlock pin = KeyBlocks.wrap(a, tmk, k);
    if (pinKcvOverride != null) {
      pin = new KeyBlock(pin.encrypted(), pinKcvOverride);
    }
    return new SignOnResponse(LocalDate.of(2026, 11, 23), NOW, 3, a, pin, KeyBlocks.wrap(a, tmk, k),
        KeyBlocks.wrap(a, tmk, k), KeyBlocks.wrap(a, tmk, k));
  }

  @Test
  void signOnVerifiesTheKeysAndRefusesAWrongKcv() throws Exception {
    start();
    bank.plan(Answer.of(200, signOn(KeyAlgorithm.TDEA, TMK, null)));
    SignOn s = client.signOn(TMK);
    assertEquals(LocalDate.of(2026, 11, 23), s.businessDate());
    assertArrayEquals(Hex.of("00112233445566778899AABBCCDDEEFF"), s.keys().pinKey());
    assertEquals("{\"terminal_id\":\"T0000001\"}", bank.request(0).getBody().utf8());
    bank.plan(Answer.of(200, signOn(KeyAlgorithm.SM4, TMK, "000000")));
    BankException e = kind(BankException.Kind.KEY_CHECK_FAILED, () -> client.signOn(TMK));
    assertTrue(e.getMessage().contains("pin_key"), e.getMessage());
  }

  static TransactionRecord record(int i) {
    return new TransactionRecord(String.format("T0000001-%012d", i), RecordType.SALE, LocalDate.of(2026, 11, 23),
        NOW, Samples.PAN_HASH, "00112233", 1000, new Funding(400, 600, 0, 0), Collections.emptyList(),
        "A12345", null, null, null, null);
  }

  @Test
  void aBatchIsStreamedAndItsResultsMatchTheRecords() throws Exception {
    start();
    List<TransactionRecord> records = new ArrayList<>();
    List<RecordResult> results = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      records.add(record(i));
      results.add(new RecordResult(records.get(i).transactionId(), i == 7 ? RecordStatus.DUPLICATE : RecordStatus.ACCEPTED, null));
    }
    BatchRequest batch = new BatchRequest("B-T0000001-1", records);
    bank.plan(Answer.of(200, new BatchResponse(results)));
    BatchResponse r = client.uploadBatch(batch);
    assertEquals(500, r.results().size());
    assertEquals(RecordStatus.DUPLICATE, r.results().get(7).status());
    RecordedRequest q = bank.request(0);
    assertArrayEquals(BankJson.write(batch), q.getBody().toByteArray());
    assertEquals(Long.toString(q.getBody().size()), q.getHeaders().get("Content-Length"));

    bank.plan(Answer.of(200, new BatchResponse(results.subList(0, 499))));
    assertEquals("results", kind(BankException.Kind.MALFORMED_RESPONSE, () -> client.uploadBatch(batch)).field());
    List<RecordResult> swapped = new ArrayList<>(results);
    Collections.swap(swapped, 3, 4);
    bank.plan(Answer.of(200, new BatchResponse(swapped)));
    assertEquals("results[3].transaction_id",
        kind(BankException.Kind.MALFORMED_RESPONSE, () -> client.uploadBatch(batch)).field());
  }

  @Test
  void dayCloseIsKeyedByTerminalAndDate() throws Exception {
    start();
    bank.plan(Answer.json(200, Samples.MATCHED));
    DayCloseRequest totals = new DayCloseRequest(
        Collections.singletonList(new CategoryTotal(TotalCategory.DEBIT, 12, 123400)),
        Collections.singletonList(new FundingTotal(FundingSource.MERCHANT_CONCESSION, 1200)));
    DayCloseResponse r = client.closeBusinessDay(LocalDate.of(2026, 11, 23), totals);
    assertEquals(DayCloseResult.MATCHED, r.result());
    assertEquals("/v1/business-days/2026-11-23/close", bank.request(0).getTarget());
    assertEquals("close-T0000001-2026-11-23", bank.request(0).getHeaders().get("Idempotency-Key"));
  }

  @Test
  void memberLookupFoundAndNotFound() throws Exception {
    start();
    bank.plan(Answer.json(200, Samples.MEMBER));
    assertEquals("M3201000012345", client.lookupMember(Samples.PAN_HASH).get().memberId());
    bank.plan(Answer.json(200, Samples.NO_MEMBER));
    assertFalse(client.lookupMember(Samples.PAN_HASH).isPresent());
  }

  @Test
  void anAnswerForAnotherTransactionIsMalformed() throws Exception {
    start();
    bank.plan(Answer.json(200, Samples.APPROVED.replace(TX, "T0000001-000000000099")));
    assertEquals("transaction_id",
        kind(BankException.Kind.MALFORMED_RESPONSE, () -> client.authorise(authorisation())).field());
  }

  @Test
  void anOversizeAnswerIsMalformed() throws Exception {
    bank = new FakeBank();
    client = new BankClient(config(bank).maxResponseBytes(1024).build());
    StringBuilder big = new StringBuilder("{\"balance_fen\":1,\"as_of\":\"2026-11-23T11:40:00.000Z\",\"pad\":\"");
    while (big.length() < 2000) {
      big.append('x');
    }
    bank.plan(Answer.json(200, big + "\"}"));
    kind(BankException.Kind.MALFORMED_RESPONSE, () -> client.benefitBalance(Samples.PAN_HASH));
  }

  @Test
  void aRefusedConnectionIsUnreachableAfterTheAttempts() throws Exception {
    bank = new FakeBank();
    BankClientConfig c = config(bank).maxAttempts(3).build();
    bank.close();
    client = new BankClient(c);
    kind(BankException.Kind.UNREACHABLE, () -> client.benefitBalance(Samples.PAN_HASH));
    assertEquals(2, sleeps.size());
    bank = null;
  }
}

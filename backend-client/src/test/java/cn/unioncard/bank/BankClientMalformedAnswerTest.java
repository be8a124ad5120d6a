package cn.unioncard.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.FakeBank.Answer;
import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.BatchRequest;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.FundingTotal;
import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.bank.model.RecordResult;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.bank.model.ReversalReason;
import cn.unioncard.bank.model.ReversalRequest;
import cn.unioncard.bank.model.TotalCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client call against a real HTTPS bank whose answers are signed but damaged: a truncated body, a missing
 * required field, a wrong type each give MALFORMED_RESPONSE naming the field, for every answer type; and a
 * seeded property over mutated answers: the call either returns a whole value or throws a BankException of an
 * expected kind, never anything else.
 */
class BankClientMalformedAnswerTest {
  static FakeBank bank;
  static BankClient client;

  /** One call: a valid answer body, the call, and the kinds a damaged answer may give besides malformed. */
  record Call(String name, String validBody, BankClientMalformedAnswerTest.Invocation invoke,
      Set<BankException.Kind> also) {
    @Override
    public String toString() {
      return name;
    }
  }

  interface Invocation {
    Object call(BankClient c) throws BankException;
  }

  static final BatchRequest BATCH =
      new BatchRequest("B1", Arrays.asList(BankClientTest.record(1), BankClientTest.record(2)));

  static List<Call> calls() {
    Set<BankException.Kind> none = EnumSet.noneOf(BankException.Kind.class);
    List<Call> c = new ArrayList<>();
    c.add(new Call("signOn",
        new String(BankJson.write(BankClientTest.signOn(KeyAlgorithm.SM4, BankClientTest.TMK, null)),
            StandardCharsets.UTF_8),
        cl -> cl.signOn(BankClientTest.TMK), EnumSet.of(BankException.Kind.KEY_CHECK_FAILED)));
    c.add(new Call("lookupMember", Samples.MEMBER, cl -> cl.lookupMember(Samples.PAN_HASH), none));
    c.add(new Call("benefitBalance", Samples.BALANCE, cl -> cl.benefitBalance(Samples.PAN_HASH), none));
    c.add(new Call("authorise", Samples.APPROVED, cl -> cl.authorise(BankClientTest.authorisation()), none));
    c.add(new Call("reverse", Samples.REVERSED, cl -> cl.reverse(
        new ReversalRequest("T0000001-000000000043", BankClientTest.TX, 1, ReversalReason.VOID)), none));
    c.add(new Call("uploadBatch",
        new String(BankJson.write(new BatchResponse(Arrays.asList(
            new RecordResult(BATCH.records().get(0).transactionId(), RecordStatus.ACCEPTED, null),
            new RecordResult(BATCH.records().get(1).transactionId(), RecordStatus.REJECTED, "conflict")))),
            StandardCharsets.UTF_8),
        cl -> cl.uploadBatch(BATCH), none));
    c.add(new Call("transactionStatus", Samples.STATUS, cl -> cl.transactionStatus(BankClientTest.TX), none));
    c.add(new Call("closeBusinessDay", Samples.DIFFERENCES, cl -> cl.closeBusinessDay(LocalDate.of(2026, 11, 23),
        new DayCloseRequest(Collections.singletonList(new CategoryTotal(TotalCategory.DEBIT, 1, 1)),
            Collections.<FundingTotal>emptyList())), none));
    c.add(new Call("referenceData",
        new String(BankJson.write(BankClientTest.reference(bank, ReferenceKind.HOTLIST, 42, 41L,
            "{\"cards\":[]}".getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8),
        cl -> cl.referenceData(ReferenceKind.HOTLIST, 41L), EnumSet.of(BankException.Kind.BAD_SIGNATURE)));
    return c;
  }

  @BeforeAll
  static void start() throws IOException {
    bank = new FakeBank();
    client = new BankClient(BankClientConfig.builder()
        .baseUrl(bank.baseUrl()).terminalId(BankClientTest.TERMINAL)
        .trustedCertificatesPem(FakeBank.CERT.certificatePem())
        .signer(cn.unioncard.bank.signing.Signer.sm2(SigningTestKeys.TERMINAL_SM2, new SecureRandom()))
        .responseVerifier(bank.responseKey.verifier()).referenceVerifier(bank.referenceKey.verifier())
        .clock(Clock.fixed(BankClientTest.NOW, ZoneOffset.UTC)).maxAttempts(1).build());
  }

  @AfterAll
  static void stop() {
    client.close();
    bank.close();
  }

  static BankException malformed(Call call, String body) {
    bank.plan(Answer.json(200, body));
    BankException e = assertThrows(BankException.class, () -> call.invoke().call(client), call.name());
    assertEquals(BankException.Kind.MALFORMED_RESPONSE, e.kind(), call.name() + ": " + e.getMessage());
    return e;
  }

  @ParameterizedTest
  @MethodSource("calls")
  void theValidAnswerIsTaken(Call call) throws BankException {
    bank.plan(Answer.json(200, call.validBody()));
    assertNotNull(call.invoke().call(client));
  }

  @ParameterizedTest
  @MethodSource("calls")
  void aTruncatedAnswerIsMalformed(Call call) {
    String body = call.validBody();
    for (int cut : new int[] {0, 1, body.length() / 2, body.length() - 1}) {
      BankException e = malformed(call, body.substring(0, cut));
      // the field being read when the body ended, or "" for the body as a whole
      assertNotNull(e.field(), call.name() + " cut at " + cut);
      assertTrue(e.getMessage().matches("(?s).*(end-of-input|empty body).*"), e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("calls")
  void aMissingOrMistypedFirstFieldIsNamed(Call call) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper tree = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) tree.readTree(call.validBody());
    String first = root.fieldNames().next();
    com.fasterxml.jackson.databind.node.ObjectNode missing = root.deepCopy();
    missing.remove(first);
    BankException e = malformed(call, tree.writeValueAsString(missing));
    assertEquals(first, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(first), e.getMessage());
    com.fasterxml.jackson.databind.node.ObjectNode wrong = root.deepCopy();
    wrong.set(first, tree.createArrayNode().add(7));
    e = malformed(call, tree.writeValueAsString(wrong));
    assertTrue(e.field().startsWith(first), first + " vs " + e.field());
  }

  static LongStream seeds() {
    return LongStream.range(0, 25).map(i -> 0xB0D1_0000L + i * 104729);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mutatedAnswersGiveAValueOrAnExpectedKind(long seed) {
    Random rnd = new Random(seed);
    for (Call call : calls()) {
      byte[] body = Mutations.mutate(rnd, call.validBody());
      Answer a = new Answer();
      a.body = body;
      bank.plan(a);
      try {
        assertNotNull(call.invoke().call(client));
      } catch (BankException e) {
        boolean expected = e.kind() == BankException.Kind.MALFORMED_RESPONSE || call.also().contains(e.kind());
        assertTrue(expected, "seed " + seed + " " + call.name() + ": " + e.getMessage());
        if (e.kind() == BankException.Kind.MALFORMED_RESPONSE) {
          assertNotNull(e.field(), "seed " + seed + " " + call.name());
        }
      }
    }
  }
}

package cn.unioncard.bank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.Samples;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BankJsonTest {
  static <T> T read(String json, Class<T> type) throws BankException {
    return BankJson.read(json.getBytes(StandardCharsets.UTF_8), type, BankException.Kind.MALFORMED_RESPONSE, "answer");
  }

  static BankException malformed(String json, Class<?> type) {
    BankException e = assertThrows(BankException.class, () -> read(json, type));
    assertEquals(BankException.Kind.MALFORMED_RESPONSE, e.kind(), e.getMessage());
    return e;
  }

  static List<Samples.Sample> samples() {
    return Samples.all();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleParsesAndWritesBackTheSameValue(Samples.Sample s) throws BankException {
    Object v = read(s.json(), s.type());
    Object again = read(new String(BankJson.write(v), StandardCharsets.UTF_8), s.type());
    assertEquals(v, again);
  }

  @Test
  void readsTheDocumentedFields() throws BankException {
    SignOnResponse so = read(Samples.SIGN_ON, SignOnResponse.class);
    assertEquals(LocalDate.of(2026, 11, 23), so.businessDate());
    assertEquals(Instant.parse("2026-11-23T11:40:00.123Z"), so.serverTime());
    assertEquals(7, so.keyVersion());
    assertEquals(KeyAlgorithm.SM4, so.algorithm());
    assertEquals("ABCDEF", so.panHashKey().kcv());

    Member m = read(Samples.MEMBER, MemberLookupResponse.class).found().get();
    assertEquals("江苏省总工会", m.union());
    assertEquals(MemberCategory.MODEL_WORKER, m.category());
    assertFalse(read(Samples.NO_MEMBER, MemberLookupResponse.class).found().isPresent());

    AuthorisationResponse a = read(Samples.APPROVED, AuthorisationResponse.class);
    assertTrue(a.approved());
    assertEquals(14500L, a.debitFen());
    AuthorisationResponse d = read(Samples.DECLINED, AuthorisationResponse.class);
    assertEquals("insufficient_funds", d.reason());

    BatchResponse b = read(Samples.BATCH, BatchResponse.class);
    assertEquals(RecordStatus.REJECTED, b.results().get(2).status());
    assertEquals("conflict", b.results().get(2).reason());
    assertTrue(b.results().get(1).settled());

    DayCloseResponse dc = read(Samples.DIFFERENCES, DayCloseResponse.class);
    assertEquals(120000L, dc.differences().get(0).bankAmountFen());
    assertEquals(Collections.emptyList(), read(Samples.MATCHED, DayCloseResponse.class).differences());

    ReferenceDocument r = read(Samples.REFERENCE, ReferenceDocument.class);
    assertEquals(ReferenceKind.HOTLIST, r.kind());
    assertEquals(41L, r.baseVersion());
    assertEquals(SignatureAlgorithm.SM2_SM3, r.signatureAlg());
  }

  @Test
  void unknownFieldsAreIgnored() throws BankException {
    BalanceResponse b =
        read("{\"balance_fen\":5,\"new_field\":{\"x\":[1,2]},\"as_of\":\"2026-11-23T11:40:00.000Z\"}",
            BalanceResponse.class);
    assertEquals(5, b.balanceFen());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing number | {\"as_of\":\"2026-11-23T11:40:00.000Z\"} | balance_fen",
        "missing object | {\"balance_fen\":1} | as_of",
        "null number | {\"balance_fen\":null,\"as_of\":\"2026-11-23T11:40:00.000Z\"} | balance_fen",
        "string for number | {\"balance_fen\":\"12\",\"as_of\":\"2026-11-23T11:40:00.000Z\"} | balance_fen",
        "fraction for integer | {\"balance_fen\":1.5,\"as_of\":\"2026-11-23T11:40:00.000Z\"} | balance_fen",
        "boolean for number | {\"balance_fen\":true,\"as_of\":\"2026-11-23T11:40:00.000Z\"} | balance_fen",
        "overflow | {\"balance_fen\":99999999999999999999,\"as_of\":\"2026-11-23T11:40:00.000Z\"} | balance_fen",
        "negative money | {\"balance_fen\":-1,\"as_of\":\"2026-11-23T11:40:00.000Z\"} | balance_fen",
        "number for time | {\"balance_fen\":1,\"as_of\":12} | as_of",
        "bad time | {\"balance_fen\":1,\"as_of\":\"yesterday\"} | as_of",
        "time not UTC | {\"balance_fen\":1,\"as_of\":\"2026-11-23T11:40:00+08:00\"} | as_of",
      })
  void balanceErrorsNameTheField(String what, String json, String field) {
    BankException e = malformed(json, BalanceResponse.class);
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(field), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "number for string | {\"transaction_id\":42,\"status\":\"settled\"} | transaction_id",
        "object for string | {\"transaction_id\":{},\"status\":\"settled\"} | transaction_id",
        "array for string | {\"transaction_id\":[\"a\"],\"status\":\"settled\"} | transaction_id",
        "unknown enum | {\"transaction_id\":\"T1\",\"status\":\"lost\"} | status",
        "empty enum | {\"transaction_id\":\"T1\",\"status\":\"\"} | status",
        "null enum | {\"transaction_id\":\"T1\",\"status\":null} | status",
        "empty id | {\"transaction_id\":\"\",\"status\":\"settled\"} | transaction_id",
      })
  void statusErrorsNameTheField(String what, String json, String field) {
    assertEquals(field, malformed(json, TransactionStatus.class).field());
  }

  @Test
  void nestedErrorsGiveThePath() {
    assertEquals(
        "results[1].status",
        malformed(
                "{\"results\":[{\"transaction_id\":\"A1\",\"status\":\"accepted\"},"
                    + "{\"transaction_id\":\"A2\",\"status\":7}]}",
                BatchResponse.class)
            .field());
    assertEquals(
        "results[0].reason",
        malformed("{\"results\":[{\"transaction_id\":\"A1\",\"status\":\"rejected\"}]}", BatchResponse.class)
            .field());
    assertEquals("results[0]", malformed("{\"results\":[null]}", BatchResponse.class).field());
    assertEquals(
        "results[0].transaction_id",
        malformed("{\"results\":[{\"status\":\"accepted\"}]}", BatchResponse.class).field());
    assertEquals(
        "pin_key.kcv",
        malformed(Samples.SIGN_ON.replaceFirst("\"kcv\":\"ABCDEF\"", "\"kcv\":\"abcdef\""), SignOnResponse.class)
            .field());
    assertEquals(
        "member.category",
        malformed(Samples.MEMBER.replace("model_worker", "king"), MemberLookupResponse.class).field());
    assertEquals("member", malformed("{}", MemberLookupResponse.class).field());
    assertEquals(
        "auth_code", malformed(Samples.APPROVED.replace("\"auth_code\":\"A12345\",", ""), AuthorisationResponse.class).field());
    assertEquals(
        "differences",
        malformed("{\"result\":\"differences\"}", DayCloseResponse.class).field());
  }

  @Test
  void wholeBodyErrors() {
    for (String json :
        new String[] {
          "", "null", "[]", "42", "\"text\"", Samples.BALANCE.substring(0, Samples.BALANCE.length() - 1),
          Samples.BALANCE + "{}", Samples.BALANCE + " x",
          "{\"balance_fen\":1,\"balance_fen\":2,\"as_of\":\"2026-11-23T11:40:00.000Z\"}", "{\"balance_fen\":1,"
        }) {
      BankException e = malformed(json, BalanceResponse.class);
      assertTrue(e.field() != null, json);
    }
  }

  @Test
  void timesFinerThanTheMillisecondReadAsTheMillisecond() {
    assertEquals(java.time.Instant.parse("2026-11-23T11:40:00.122Z"), BankJson.parseInstant("2026-11-23T11:40:00.122300Z"));
    assertEquals("2026-11-23T11:40:00.122Z", BankJson.formatInstant(BankJson.parseInstant("2026-11-23T11:40:00.1229Z")));
  }

  @Test
  void requestsKeepTheirRules() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AuthorisationRequest("T1-1", "M1", Samples.PAN_HASH, "00", 100, 50, 40, "156", "9F26", null));
    assertTrue(e.getMessage().startsWith("amount_fen"));
    assertThrows(IllegalArgumentException.class, () -> new SignOnRequest("t0000001"));
    // a PIN block is 8 bytes under a TDEA PIN key, 16 under SM4; nothing else
    new AuthorisationRequest("T1-1", "M1", Samples.PAN_HASH, "00", 90, 50, 40, "156", "9F26", "0123456789ABCDEF");
    new AuthorisationRequest("T1-1", "M1", Samples.PAN_HASH, "00", 90, 50, 40, "156", "9F26",
        "0123456789ABCDEF0123456789ABCDEF");
    IllegalArgumentException pin = assertThrows(IllegalArgumentException.class,
        () -> new AuthorisationRequest("T1-1", "M1", Samples.PAN_HASH, "00", 90, 50, 40, "156", "9F26", "0123456789AB"));
    assertTrue(pin.getMessage().startsWith("pin_block"));
    assertThrows(IllegalArgumentException.class, () -> new BatchRequest("B1", Collections.emptyList()));
  }

  @Test
  void aRequestIsWrittenInSnakeCaseWithoutNulls() throws Exception {
    AuthorisationRequest r =
        new AuthorisationRequest("T0000001-1", "M000123", Samples.PAN_HASH, "00", 100, 60, 40, "156", "9F2601AA", null);
    String json = new String(BankJson.write(r), StandardCharsets.UTF_8);
    assertEquals(
        "{\"transaction_id\":\"T0000001-1\",\"merchant_id\":\"M000123\",\"pan_hash\":\"" + Samples.PAN_HASH
            + "\",\"pan_encrypted\":\"00\",\"amount_fen\":100,\"benefit_fen\":60,\"debit_fen\":40,"
            + "\"currency\":\"156\",\"icc_data\":\"9F2601AA\"}",
        json);
    assertEquals(r, BankJson.read(json.getBytes(StandardCharsets.UTF_8), AuthorisationRequest.class,
        BankException.Kind.MALFORMED_REQUEST, "request"));
    // the member look-up answer keeps "member": null
    assertEquals(Samples.NO_MEMBER, new String(BankJson.write(new MemberLookupResponse(null)), StandardCharsets.UTF_8));
    // streaming gives the same bytes
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BankJson.write(r, out);
    assertArrayEquals(BankJson.write(r), out.toByteArray());
  }

  @Test
  void malformedRequestKindForTheBank() {
    BankException e =
        assertThrows(
            BankException.class,
            () -> BankJson.read("{}".getBytes(StandardCharsets.UTF_8), SignOnRequest.class,
                BankException.Kind.MALFORMED_REQUEST, "sign-on request"));
    assertEquals(BankException.Kind.MALFORMED_REQUEST, e.kind());
    assertEquals("terminal_id", e.field());
  }

  @Test
  void instantsHaveMilliseconds() {
    assertEquals("2026-11-23T11:40:00.000Z", BankJson.formatInstant(Instant.parse("2026-11-23T11:40:00Z")));
  }
}

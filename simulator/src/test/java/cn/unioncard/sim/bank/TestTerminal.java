package cn.unioncard.sim.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.SignOnResponse;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.SigningString;
import cn.unioncard.bank.signing.Verifier;
import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.ApplicationCryptogram;
import cn.unioncard.protocol.crypto.BlockAlgorithm;
import cn.unioncard.protocol.crypto.EmvKeyDerivation;
import cn.unioncard.protocol.crypto.PinBlock;
import cn.unioncard.protocol.emv.CryptogramInput;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A minimal terminal for the tests: signed requests over the JDK's HttpsURLConnection (trusting only the bank's
 * test CA), the card's side of the cryptograms, and the PAN protection from the client's shared code.
 */
final class TestTerminal {
  static {
    System.setProperty("sun.net.http.retryPost", "false"); // no silent resend: the tests see every failure
  }

  final String id;
  final BankSimulator bank;
  final Signer signer;
  SSLContext tls;
  WorkingKeys keys;
  int atc = 1;

  TestTerminal(BankSimulator bank, String id) {
    this.bank = bank;
    this.id = id;
    this.signer = Signer.sm2(TestKeys.terminalSigningKey(id), new SecureRandom());
    this.tls = bank.certificates().clientContext();
  }

  /** An answer with its headers; the response signature already checked. */
  record Reply(int status, Map<String, String> headers, byte[] body, boolean signatureValid) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  Reply signOn() throws Exception {
    Reply r = post("/v1/sign-on", ("{\"terminal_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), null);
    assertEquals(200, r.status(), r.text());
    keys = WorkingKeys.unwrap(read(r, SignOnResponse.class), TestKeys.terminalMasterKey(id));
    return r;
  }

  static <T> T read(Reply r, Class<T> type) throws BankException {
    return BankJson.read(r.body(), type, BankException.Kind.MALFORMED_RESPONSE, type.getSimpleName());
  }

  Reply post(String path, byte[] body, String idempotencyKey) throws IOException {
    return send("POST", path, body, idempotencyKey, headers("POST", path, body, Instant.now()));
  }

  Reply get(String path) throws IOException {
    return send("GET", path, new byte[0], null, headers("GET", path, new byte[0], Instant.now()));
  }

  Map<String, String> headers(String method, String path, byte[] body, Instant at) {
    String requestId = UUID.randomUUID().toString();
    String ts = BankJson.formatInstant(at);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Terminal-Id", id);
    h.put("X-Request-Id", requestId);
    h.put("X-Timestamp", ts);
    h.put("X-Signature-Alg", "SM2-SM3");
    h.put("X-Signature", signer.sign(
        SigningString.request(method, path, id, requestId, ts, SigningString.sha256Hex(body))));
    return h;
  }

  /** A signed request for {@link BankService#handle} directly (no HTTP). */
  ApiRequest direct(String method, String path, byte[] body, String idempotencyKey) {
    Map<String, String> h = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headers(method, path, body, Instant.now()).entrySet()) {
      h.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue());
    }
    if (idempotencyKey != null) {
      h.put("idempotency-key", idempotencyKey);
    }
    int q = path.indexOf('?');
    return new ApiRequest(method, q < 0 ? path : path.substring(0, q), q < 0 ? null : path.substring(q + 1),
        h, body);
  }

  Reply send(String method, String path, byte[] body, String idempotencyKey, Map<String, String> headers)
      throws IOException {
    HttpsURLConnection c = (HttpsURLConnection) new URL(bank.baseUrl() + path).openConnection();
    c.setSSLSocketFactory(tls.getSocketFactory());
    c.setRequestMethod(method);
    c.setConnectTimeout(5000);
    c.setReadTimeout(20000);
    c.setUseCaches(false);
    // A fresh connection every time: the JDK silently sends a POST again when a kept-alive connection drops, which
    // would hide the bank's dropped-connection faults from the tests (it did once in CI).
    c.setRequestProperty("Connection", "close");
    for (Map.Entry<String, String> e : headers.entrySet()) {
      c.setRequestProperty(e.getKey(), e.getValue());
    }
    if (idempotencyKey != null) {
      c.setRequestProperty("Idempotency-Key", idempotencyKey);
    }
    if (method.equals("POST")) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    byte[] answer;
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      answer = in == null ? new byte[0] : in.readAllBytes();
    }
    Map<String, String> h = new LinkedHashMap<>();
    for (String name : new String[] {"X-Request-Id", "X-Timestamp", "X-Signature-Alg", "X-Signature",
        "Retry-After"}) {
      if (c.getHeaderField(name) != null) {
        h.put(name, c.getHeaderField(name));
      }
    }
    boolean valid = Verifier.of(SignatureAlgorithm.SM2_SM3, TestKeys.responsePublicKey()).verify(
        SigningString.response(status, h.getOrDefault("X-Request-Id", ""), h.getOrDefault("X-Timestamp", ""),
            SigningString.sha256Hex(answer)),
        h.get("X-Signature"));
    c.disconnect();
    return new Reply(status, h, answer, valid);
  }

  // ------------------------------------------------------------------------------- the card's side

  /** The card data of one purchase, computed the simulated card's way. */
  record Card(String pan, String psn) {
    String panHash(BankSimulator bank) {
      return bank.panHash(pan);
    }
  }

  /** icc_data for {@code amount} with a fresh ATC: the ARQC from IMK-AC, option A, the PBOC session key. */
  String iccData(Card card, long amountFen) {
    return iccData(card, amountFen, atc++);
  }

  static String iccData(Card card, long amountFen, int atcValue) {
    Map<Tag, byte[]> v = new LinkedHashMap<>();
    v.put(EmvTags.AMOUNT_AUTHORISED, Bcd.encode(amountFen, 6));
    v.put(EmvTags.AMOUNT_OTHER, Bcd.encode(0, 6));
    v.put(EmvTags.TERMINAL_COUNTRY_CODE, Hex.of("0156"));
    v.put(EmvTags.TVR, Hex.of("0000000000"));
    v.put(EmvTags.TRANSACTION_CURRENCY_CODE, Hex.of("0156"));
    v.put(EmvTags.TRANSACTION_DATE, Hex.of("261123"));
    v.put(EmvTags.TRANSACTION_TYPE, Hex.of("00"));
    v.put(EmvTags.UNPREDICTABLE_NUMBER, Hex.of("1A2B3C4D"));
    v.put(EmvTags.AIP, Hex.of("7C00"));
    byte[] atcBytes = {(byte) (atcValue >> 8), (byte) atcValue};
    v.put(EmvTags.ATC, atcBytes);
    v.put(EmvTags.ISSUER_APPLICATION_DATA, Hex.of("07010103A0A000"));
    byte[] sk = sessionKey(card, atcBytes);
    byte[] arqc;
    try {
      arqc = ApplicationCryptogram.generate(sk, CryptogramInput.build(v));
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
    List<Tlv> out = new ArrayList<>();
    out.add(Tlv.of(EmvTags.APPLICATION_CRYPTOGRAM, arqc));
    out.add(Tlv.of(Tag.of(0x9F27), Hex.of("80")));
    for (Map.Entry<Tag, byte[]> e : v.entrySet()) {
      out.add(Tlv.of(e.getKey(), e.getValue()));
    }
    out.add(Tlv.of(EmvTags.PAN_SEQUENCE_NUMBER, Hex.of(card.psn())));
    return Hex.encode(BerTlv.encode(out));
  }

  static byte[] sessionKey(Card card, byte[] atc) {
    return EmvKeyDerivation.pbocSessionKey(
        EmvKeyDerivation.iccMasterKeyOptionA(TestKeys.imkAc(), card.pan(), card.psn()), atc);
  }

  /** The ARQC inside icc_data. */
  static byte[] arqcOf(String iccData) throws DecodeException {
    return BerTlv.find(BerTlv.decode(Hex.parse(iccData)), EmvTags.APPLICATION_CRYPTOGRAM).value();
  }

  static byte[] atcOf(String iccData) throws DecodeException {
    return BerTlv.find(BerTlv.decode(Hex.parse(iccData)), EmvTags.ATC).value();
  }

  /** An authorisation body. */
  String authorisation(String txId, String merchant, Card card, long benefit, long debit, String icc, String pin)
      throws DecodeException {
    Pan pan = Pan.parse(card.pan());
    String pinBlock = pin == null ? null
        : Hex.encode(PinBlock.encrypt(BlockAlgorithm.TDEA, keys.pinKey(), PinBlock.format0(pin, card.pan())));
    return "{\"transaction_id\":\"" + txId + "\",\"merchant_id\":\"" + merchant + "\",\"pan_hash\":\""
        + keys.panProtection().panHash(pan) + "\",\"pan_encrypted\":\"" + keys.panProtection().encryptPan(pan, txId)
        + "\",\"amount_fen\":" + (benefit + debit) + ",\"benefit_fen\":" + benefit + ",\"debit_fen\":" + debit
        + ",\"currency\":\"156\",\"icc_data\":\"" + icc + "\",\"pin_block\":"
        + (pinBlock == null ? "null" : "\"" + pinBlock + "\"") + "}";
  }

  /** A sale record for a batch. */
  String saleRecord(String txId, String date, Card card, long benefit, long debit, long merchantFen, long bankFen)
      throws DecodeException {
    Pan pan = Pan.parse(card.pan());
    String discounts = merchantFen + bankFen == 0 ? "[]"
        : "[{\"rule_id\":\"R1\",\"amount_fen\":" + (merchantFen + bankFen) + ",\"merchant_fen\":" + merchantFen
            + ",\"bank_fen\":" + bankFen + "}]";
    return "{\"transaction_id\":\"" + txId + "\",\"type\":\"sale\",\"business_date\":\"" + date
        + "\",\"time\":\"" + date + "T03:00:00.000Z\",\"pan_hash\":\"" + keys.panProtection().panHash(pan)
        + "\",\"pan_encrypted\":\"" + keys.panProtection().encryptPan(pan, txId) + "\",\"amount_fen\":"
        + (benefit + debit) + ",\"funding\":{\"benefit_fen\":" + benefit + ",\"debit_fen\":" + debit
        + ",\"ecash_fen\":0,\"purse_fen\":0},\"discounts\":" + discounts + "}";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void assertSigned(Reply r) {
    assertTrue(r.signatureValid(), "the response signature verifies");
  }

  static String luhn(String body) {
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int d = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return body + (10 - sum % 10) % 10;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }
}

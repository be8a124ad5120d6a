package cn.unioncard.sim.bank;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.keys.KeyBlocks;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.bank.model.AuthorisationRequest;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.AuthorisationResult;
import cn.unioncard.bank.model.BalanceResponse;
import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.ErrorBody;
import cn.unioncard.bank.model.FundingTotal;
import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.bank.model.Member;
import cn.unioncard.bank.model.MemberCategory;
import cn.unioncard.bank.model.MemberLookupResponse;
import cn.unioncard.bank.model.PanHashRequest;
import cn.unioncard.bank.model.RecordResult;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.bank.model.ReversalRequest;
import cn.unioncard.bank.model.ReversalResponse;
import cn.unioncard.bank.model.ReversalResult;
import cn.unioncard.bank.model.SignOnRequest;
import cn.unioncard.bank.model.SignOnResponse;
import cn.unioncard.bank.model.TransactionRecord;
import cn.unioncard.bank.model.TransactionState;
import cn.unioncard.bank.model.TransactionStatus;
import cn.unioncard.bank.signing.ReferenceSignature;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.SigningString;
import cn.unioncard.bank.signing.Verifier;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.HmacSm3;
import cn.unioncard.protocol.emv.Pan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank: every call of docs/bank-api.md over the {@link Ledger}, with no HTTP in it, so the HTTPS server, the
 * tests and the fuzz test drive the same code. {@link #handle} takes one request (method, path, headers, body)
 * and returns the answer's status and body; {@link #sign} makes the response headers.
 */
final class BankService {
  private static final Logger LOG = LoggerFactory.getLogger(BankService.class);

  /** Requests whose timestamp is further than this from the bank's clock are refused (docs/bank-api.md). */
  static final Duration MAX_SKEW = Duration.ofSeconds(300);

  /** Request ids are remembered this long (replays refused). */
  static final Duration REPLAY_WINDOW = Duration.ofSeconds(600);

  /** Idempotency keys are kept this long (docs/bank-api.md, Figures). */
  static final Duration IDEMPOTENCY_RETENTION = Duration.ofDays(90);

  /** The bank's business day runs on China Standard Time. */
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private static final Pattern TERMINAL_ID = Pattern.compile("[A-Z0-9]{8,16}");
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");
  private static final Pattern TRANSACTION_PATH = Pattern.compile("/v1/transactions/([^/]{1,64})");
  private static final Pattern CLOSE_PATH = Pattern.compile("/v1/business-days/([0-9]{4}-[0-9]{2}-[0-9]{2})/close");
  private static final Pattern REFERENCE_PATH = Pattern.compile("/v1/reference/([a-z-]{1,32})");

  /** One request as the HTTP layer hands it over; header names in lower case. */
  record Request(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String pathAndQuery() {
      return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
    }
  }

  /** An answer: status and body bytes. */
  record Answer(int status, byte[] body) {}

  /** An authenticated terminal. */
  record Terminal(String id, SignatureAlgorithm algorithm, byte[] publicKey, byte[] tmk) {}

  private final Ledger ledger;
  private final Clock clock;
  private final Issuer issuer;
  private final Signer responseKey;
  private final Signer referenceKey;
  private final byte[] panHashKey;
  private final SecureRandom random = new SecureRandom();

  BankService(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
    this.issuer = new Issuer(TestKeys.imkAc());
    this.responseKey = Signer.sm2(TestKeys.responsePrivateKey(), random);
    this.referenceKey = Signer.sm2(TestKeys.referencePrivateKey(), random);
    this.panHashKey = TestKeys.panHashKey();
  }

  Ledger ledger() {
    return ledger;
  }

  Clock clock() {
    return clock;
  }

  /** The bank's current business date. */
  LocalDate businessDate() {
    return LocalDate.now(clock.withZone(ZONE));
  }

  /** The pan hash of a PAN under the shared PAN hash key. */
  String panHash(String pan) {
    return Hex.encode(HmacSm3.mac(panHashKey, pan.getBytes(StandardCharsets.US_ASCII)));
  }

  // ------------------------------------------------------------------------------------------- handling

  /** Handles one request: authenticates it, then processes it {@code deliveries} times (the duplicate fault). */
  Answer handle(Request r, int deliveries) {
    try {
      Terminal t = authenticate(r);
      Answer a = null;
      for (int i = 0; i < deliveries; i++) {
        a = process(r, t);
      }
      return a;
    } catch (ApiException e) {
      return error(e.status(), e.code(), e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.error("bank simulator failure on {} {}", r.method(), r.path(), e);
      return error(500, "unavailable", "the bank failed: " + e.getClass().getSimpleName(), null);
    }
  }

  Answer handle(Request r) {
    return handle(r, 1);
  }

  /** Processes a request for an already authenticated terminal (the fuzz test's entry: parsing, not signatures). */
  Answer handleAuthenticated(Request r, Terminal t) {
    try {
      return process(r, t);
    } catch (ApiException e) {
      return error(e.status(), e.code(), e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.error("bank simulator failure on {} {}", r.method(), r.path(), e);
      return error(500, "unavailable", "the bank failed: " + e.getClass().getSimpleName(), null);
    }
  }

  static Answer error(int status, String code, String message, String reason) {
    return new Answer(status, BankJson.write(new ErrorBody(code, message, reason)));
  }

  /** The response headers: request id echoed, timestamp, algorithm and signature (a wrong one when asked). */
  Map<String, String> sign(int status, String requestId, byte[] body, boolean wrongSignature) {
    String id = requestId != null && REQUEST_ID.matcher(requestId).matches() ? requestId : "";
    String ts = BankJson.formatInstant(clock.instant());
    String hash = SigningString.sha256Hex(body);
    byte[] signed = SigningString.response(status, id, ts, hash);
    if (wrongSignature) {
      signed = SigningString.response(status, id, ts, SigningString.EMPTY_BODY_SHA256 + "0");
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Request-Id", id);
    h.put("X-Timestamp", ts);
    h.put("X-Signature-Alg", responseKey.algorithm().headerValue());
    h.put("X-Signature", responseKey.sign(signed));
    return h;
  }

  private Terminal authenticate(Request r) throws ApiException {
    String terminalId = r.header("X-Terminal-Id");
    String requestId = r.header("X-Request-Id");
    String timestamp = r.header("X-Timestamp");
    String alg = r.header("X-Signature-Alg");
    String signature = r.header("X-Signature");
    if (terminalId == null || requestId == null || timestamp == null || alg == null || signature == null) {
      throw ApiException.unauthorised("X-Terminal-Id, X-Request-Id, X-Timestamp, X-Signature-Alg and"
          + " X-Signature are required");
    }
    if (!TERMINAL_ID.matcher(terminalId).matches() || !REQUEST_ID.matcher(requestId).matches()) {
      throw ApiException.unauthorised("unknown terminal or bad request id");
    }
    Instant at;
    try {
      at = BankJson.parseInstant(timestamp);
    } catch (IllegalArgumentException e) {
      throw ApiException.unauthorised("X-Timestamp is not an RFC 3339 UTC time");
    }
    Instant now = clock.instant();
    if (Duration.between(at, now).abs().compareTo(MAX_SKEW) > 0) {
      throw ApiException.unauthorised("X-Timestamp is more than 300 s from the bank's clock");
    }
    Terminal t = terminal(terminalId);
    if (t == null) {
      throw ApiException.unauthorised("unknown terminal");
    }
    if (SignatureAlgorithm.fromHeader(alg) != t.algorithm()) {
      throw ApiException.unauthorised("the terminal signs with " + t.algorithm().headerValue());
    }
    byte[] signed;
    try {
      signed = SigningString.request(r.method(), r.pathAndQuery(), terminalId, requestId, timestamp,
          SigningString.sha256Hex(r.body()));
    } catch (IllegalArgumentException e) {
      throw ApiException.unauthorised("the request cannot be signed");
    }
    if (!Verifier.of(t.algorithm(), t.publicKey()).verify(signed, signature)) {
      throw ApiException.unauthorised("the signature does not verify");
    }
    long nowMs = now.toEpochMilli();
    boolean fresh = ledger.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM seen_requests WHERE seen_at < ?")) {
        ps.setLong(1, nowMs - REPLAY_WINDOW.toMillis());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO seen_requests (request_id, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, requestId);
        ps.setLong(2, nowMs);
        return ps.executeUpdate() == 1;
      }
    });
    if (!fresh) {
      throw ApiException.unauthorised("request id already seen (a replay)");
    }
    return t;
  }

  Terminal terminal(String id) {
    return ledger.query(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT signature_alg, public_key, tmk FROM terminals WHERE terminal_id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          return new Terminal(id, SignatureAlgorithm.fromHeader(rs.getString(1)), rs.getBytes(2), rs.getBytes(3));
        }
      }
    });
  }

  private Answer process(Request r, Terminal t) throws ApiException {
    String m = r.method();
    String p = r.path();
    if (m.equals("POST")) {
      switch (p) {
        case "/v1/sign-on":
          return ok(signOn(t, read(r, SignOnRequest.class, "sign-on")));
        case "/v1/members/lookup":
          return ok(memberLookup(read(r, PanHashRequest.class, "member look-up")));
        case "/v1/benefit/balance":
          return ok(balance(read(r, PanHashRequest.class, "benefit balance")));
        case "/v1/authorisations":
          return idempotent(r, t, () -> {
            AuthorisationRequest a = read(r, AuthorisationRequest.class, "authorisation");
            requireKey(r, a.transactionId());
            return a;
          }, (c, a) -> ok(authorise(c, t, a)));
        case "/v1/reversals":
          return idempotent(r, t, () -> {
            ReversalRequest v = read(r, ReversalRequest.class, "reversal");
            requireKey(r, v.transactionId());
            return v;
          }, (c, v) -> ok(reverse(c, t, v)));
        case "/v1/records/batches":
          return ok(batch(t, r.body()));
        default:
          Matcher close = CLOSE_PATH.matcher(p);
          if (close.matches()) {
            LocalDate date = date(close.group(1));
            return idempotent(r, t, () -> {
              DayCloseRequest d = read(r, DayCloseRequest.class, "day close");
              requireKey(r, "close-" + t.id() + "-" + date);
              return d;
            }, (c, d) -> closeDay(c, t, date, d));
          }
          break;
      }
    } else if (m.equals("GET")) {
      Matcher tx = TRANSACTION_PATH.matcher(p);
      if (tx.matches()) {
        return ok(status(t, tx.group(1)));
      }
      Matcher ref = REFERENCE_PATH.matcher(p);
      if (ref.matches()) {
        return ok(reference(ref.group(1), r.rawQuery()));
      }
    }
    throw ApiException.notFound("no such call: " + m + " " + p);
  }

  private static Answer ok(Object body) {
    return new Answer(200, BankJson.write(body));
  }

  private static <T> T read(Request r, Class<T> type, String what) throws ApiException {
    try {
      return BankJson.read(r.body(), type, BankException.Kind.MALFORMED_REQUEST, what);
    } catch (BankException e) {
      throw ApiException.malformed(e.getMessage());
    }
  }

  private static void requireKey(Request r, String expected) throws ApiException {
    String key = r.header("Idempotency-Key");
    if (key == null) {
      throw ApiException.malformed("Idempotency-Key is required on this call");
    }
    if (!key.equals(expected)) {
      throw ApiException.malformed("Idempotency-Key must be " + expected);
    }
  }

  private static LocalDate date(String text) throws ApiException {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.malformed("not a business date: " + text);
    }
  }

  interface Parse<T> {
    T parse() throws ApiException;
  }

  interface Work<T> {
    Answer run(Connection c, T request) throws SQLException, ApiException;
  }

  /**
   * A money-moving call: the same key with the same body gives the stored answer byte for byte, another body
   * {@code 409}; otherwise the work and the stored answer commit together. A day close with differences is not
   * stored (the day stays open, so the terminal may close it again with the same key).
   */
  private <T> Answer idempotent(Request r, Terminal t, Parse<T> parse, Work<T> work) throws ApiException {
    T request = parse.parse();
    String key = r.header("Idempotency-Key");
    String hash = SigningString.sha256Hex(r.body());
    String methodPath = r.method() + " " + r.path();
    long now = clock.millis();
    return ledger.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT method_path, request_sha256, status, body FROM idempotency"
              + " WHERE terminal_id = ? AND idempotency_key = ? AND created_at >= ?")) {
        ps.setString(1, t.id());
        ps.setString(2, key);
        ps.setLong(3, now - IDEMPOTENCY_RETENTION.toMillis());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            if (rs.getString(1).equals(methodPath) && rs.getString(2).equals(hash)) {
              return new Answer(rs.getInt(3), rs.getBytes(4));
            }
            throw ApiException.conflict("Idempotency-Key " + key + " was used with another body");
          }
        }
      }
      Answer a = work.run(c, request);
      if (a.status() == 200 && !isOpenDay(a)) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT OR REPLACE INTO idempotency (terminal_id, idempotency_key, method_path, request_sha256,"
                + " status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, t.id());
          ps.setString(2, key);
          ps.setString(3, methodPath);
          ps.setString(4, hash);
          ps.setInt(5, a.status());
          ps.setBytes(6, a.body());
          ps.setLong(7, now);
          ps.executeUpdate();
        }
      }
      return a;
    });
  }

  private static boolean isOpenDay(Answer a) {
    return new String(a.body(), StandardCharsets.UTF_8).startsWith("{\"result\":\"differences\"");
  }

  /** Drops idempotency keys older than the retention. */
  int purgeIdempotency() {
    long cutoff = clock.millis() - IDEMPOTENCY_RETENTION.toMillis();
    return ledger.query(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency WHERE created_at < ?")) {
        ps.setLong(1, cutoff);
        return ps.executeUpdate();
      }
    });
  }

  // ------------------------------------------------------------------------------------------- sign-on

  private SignOnResponse signOn(Terminal t, SignOnRequest req) throws ApiException {
    if (!req.terminalId().equals(t.id())) {
      throw ApiException.malformed("terminal_id differs from X-Terminal-Id");
    }
    byte[] pin = key16();
    byte[] mac = key16();
    byte[] data = key16();
    LocalDate date = businessDate();
    Instant now = clock.instant();
    int version = ledger.transaction(c -> {
      int v = 1;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COALESCE(MAX(key_version), 0) + 1 FROM working_keys WHERE terminal_id = ?")) {
        ps.setString(1, t.id());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          v = rs.getInt(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO working_keys (terminal_id, key_version, business_date, issued_at, algorithm, pin_key,"
              + " mac_key, data_key) VALUES (?, ?, ?, ?, 'SM4', ?, ?, ?)")) {
        ps.setString(1, t.id());
        ps.setInt(2, v);
        ps.setString(3, date.toString());
        ps.setString(4, now.toString());
        ps.setBytes(5, pin);
        ps.setBytes(6, mac);
        ps.setBytes(7, data);
        ps.executeUpdate();
      }
      return v;
    });
    KeyAlgorithm alg = KeyAlgorithm.SM4;
    return new SignOnResponse(date, now, version, alg,
        KeyBlocks.wrap(alg, t.tmk(), pin), KeyBlocks.wrap(alg, t.tmk(), mac),
        KeyBlocks.wrap(alg, t.tmk(), data), KeyBlocks.wrap(alg, t.tmk(), panHashKey));
  }

  private byte[] key16() {
    byte[] k = new byte[16];
    random.nextBytes(k);
    return k;
  }

  /** A terminal's working keys, newest first: {pin, mac, data}. */
  static List<byte[][]> workingKeys(Connection c, String terminalId) throws SQLException {
    List<byte[][]> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT pin_key, mac_key, data_key FROM working_keys WHERE terminal_id = ?"
            + " ORDER BY key_version DESC LIMIT 60")) {
      ps.setString(1, terminalId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new byte[][] {rs.getBytes(1), rs.getBytes(2), rs.getBytes(3)});
        }
      }
    }
    return out;
  }

  /** A PAN and the working keys (of one sign-on) whose data key opened it. */
  record Opened(Pan pan, byte[][] keys) {}

  /**
   * The PAN of a {@code pan_encrypted}, trying the terminal's data keys newest first (a terminal whose last
   * sign-on answer was lost still uses the keys before it; a record may be uploaded days later); null when none
   * opens it. GCM's tag makes a wrong key fail, never give a wrong PAN.
   */
  Opened decryptPan(List<byte[][]> keys, String panEncrypted, String transactionId) {
    for (byte[][] k : keys) {
      try {
        return new Opened(new PanProtection(panHashKey, k[2]).decryptPan(panEncrypted, transactionId), k);
      } catch (DecodeException e) {
        // not this key
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------- look-ups

  private MemberLookupResponse memberLookup(PanHashRequest req) {
    return ledger.query(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT m.member_id, m.union_name, m.category, m.valid_until FROM cards k"
              + " JOIN members m ON m.member_id = k.member_id WHERE k.pan_hash = ?")) {
        ps.setString(1, req.panHash());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return new MemberLookupResponse(null);
          }
          return new MemberLookupResponse(new Member(rs.getString(1), rs.getString(2),
              MemberCategory.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), LocalDate.parse(rs.getString(4))));
        }
      }
    });
  }

  private BalanceResponse balance(PanHashRequest req) throws ApiException {
    Ledger.Account a = ledger.account(req.panHash(), "benefit");
    if (a == null) {
      throw ApiException.notFound("no benefit account for this card");
    }
    return new BalanceResponse(Math.max(0, a.availableFen()), clock.instant());
  }

  // ------------------------------------------------------------------------------------------- authorisation

  private AuthorisationResponse authorise(Connection c, Terminal t, AuthorisationRequest a)
      throws SQLException, ApiException {
    List<byte[][]> keys = workingKeys(c, t.id());
    if (keys.isEmpty()) {
      throw ApiException.unauthorised("sign on first: the terminal has no working keys");
    }
    Opened opened = decryptPan(keys, a.panEncrypted(), a.transactionId());
    if (opened == null) {
      throw ApiException.malformed("pan_encrypted does not open under the terminal's data keys");
    }
    Pan pan = opened.pan();
    if (!panHash(pan.digits()).equals(a.panHash().toUpperCase(Locale.ROOT))) {
      throw ApiException.malformed("pan_hash is not the hash of the encrypted PAN");
    }
    Issuer.IccData icc = Issuer.IccData.parse(a.iccData());
    CardRow card = card(c, a.panHash().toUpperCase(Locale.ROOT));
    String merchant = merchant(c, a.merchantId());
    String reason = null;
    byte[] arpc = new byte[8];
    byte[] sk = null;
    if (card == null) {
      reason = "not_accepted";
    } else {
      sk = issuer.sessionKey(pan.digits(), card.psn(), icc.atc());
      if (!card.psn().equals(icc.psn()) || !issuer.arqcValid(sk, icc) || icc.amountAuthorised() != a.amountFen()
          || icc.atcValue() <= card.lastAtc()) {
        reason = "cryptogram_failed";
      } else {
        setLastAtc(c, card.panHash(), icc.atcValue());
        if (card.blocked()) {
          reason = "card_blocked";
        } else if (card.expired(businessDate())) {
          reason = "expired_card";
        } else if (merchant == null) {
          reason = "not_accepted";
        } else if (a.pinBlock() != null || card.pinTries() >= Issuer.MAX_PIN_TRIES) {
          reason = a.pinBlock() == null ? null : checkPin(c, card, pan, a.pinBlock(), opened.keys()[0]);
        }
        if (reason == null) {
          reason = funds(c, card, a);
        }
      }
    }
    String arc = Issuer.arc(reason);
    if (sk != null) {
      arpc = issuer.arpc(sk, icc.arqc(), Hex.of(arc));
    }
    String now = clock.instant().toString();
    String authCode = null;
    Long benefitBalance = null;
    if (reason == null) {
      authCode = authCode(c);
      hold(c, card.panHash(), "benefit", a.benefitFen());
      hold(c, card.panHash(), "debit", a.debitFen());
      Ledger.Account benefit = accountIn(c, card.panHash(), "benefit");
      benefitBalance = benefit == null ? 0L : Math.max(0, benefit.availableFen());
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO authorisations (transaction_id, terminal_id, merchant_id, pan_hash, amount_fen, benefit_fen,"
            + " debit_fen, status, reason, auth_code, arc, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, a.transactionId());
      ps.setString(2, t.id());
      ps.setString(3, a.merchantId());
      ps.setString(4, a.panHash().toUpperCase(Locale.ROOT));
      ps.setLong(5, a.amountFen());
      ps.setLong(6, reason == null ? a.benefitFen() : 0);
      ps.setLong(7, reason == null ? a.debitFen() : 0);
      ps.setString(8, reason == null ? "authorised" : "declined");
      ps.setString(9, reason);
      ps.setString(10, authCode);
      ps.setString(11, arc);
      ps.setString(12, now);
      ps.setString(13, now);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
        throw new ApiException(422, "rejected", "transaction " + a.transactionId() + " was already authorised");
      }
      throw e;
    }
    if (reason == null) {
      return new AuthorisationResponse(a.transactionId(), AuthorisationResult.APPROVED, authCode, null, arc,
          Hex.encode(arpc), a.benefitFen(), a.debitFen(), benefitBalance);
    }
    return new AuthorisationResponse(a.transactionId(), AuthorisationResult.DECLINED, null, reason, arc,
        Hex.encode(arpc), null, null, null);
  }

  private String checkPin(Connection c, CardRow card, Pan pan, String pinBlockHex, byte[] pinKey)
      throws SQLException {
    if (card.pinTries() >= Issuer.MAX_PIN_TRIES) {
      return "pin_tries_exceeded";
    }
    String pin = Issuer.pinFromBlock(pinBlockHex, pinKey, pan.digits());
    boolean right = pin != null && card.pinCheck() != null && card.pinCheck().equals(pinCheck(pan.digits(), pin));
    int tries = right ? 0 : card.pinTries() + 1;
    try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET pin_tries = ? WHERE pan_hash = ?")) {
      ps.setInt(1, tries);
      ps.setString(2, card.panHash());
      ps.executeUpdate();
    }
    if (right) {
      return null;
    }
    return tries >= Issuer.MAX_PIN_TRIES ? "pin_tries_exceeded" : "wrong_pin";
  }

  /** The keyed check value the ledger keeps instead of a PIN. */
  String pinCheck(String pan, String pin) {
    return Hex.encode(HmacSm3.mac(panHashKey, ("PIN:" + pan + ":" + pin).getBytes(StandardCharsets.US_ASCII)));
  }

  private String funds(Connection c, CardRow card, AuthorisationRequest a) throws SQLException {
    Ledger.Account benefit = accountIn(c, card.panHash(), "benefit");
    Ledger.Account debit = accountIn(c, card.panHash(), "debit");
    if (a.benefitFen() > 0 && (benefit == null || benefit.availableFen() < a.benefitFen())) {
      return "insufficient_funds";
    }
    if (a.debitFen() > 0 && (debit == null || debit.availableFen() < a.debitFen())) {
      return "insufficient_funds";
    }
    return null;
  }

  private static String authCode(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM authorisations");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return String.format(Locale.ROOT, "A%05d", (rs.getLong(1) + 1) % 100_000);
    }
  }

  private static void hold(Connection c, String panHash, String kind, long fen) throws SQLException {
    if (fen == 0) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE accounts SET held_fen = held_fen + ? WHERE pan_hash = ? AND kind = ?")) {
      ps.setLong(1, fen);
      ps.setString(2, panHash);
      ps.setString(3, kind);
      ps.executeUpdate();
    }
  }

  private static void move(Connection c, String panHash, String kind, long balanceDelta) throws SQLException {
    if (balanceDelta == 0) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE accounts SET balance_fen = balance_fen + ? WHERE pan_hash = ? AND kind = ?")) {
      ps.setLong(1, balanceDelta);
      ps.setString(2, panHash);
      ps.setString(3, kind);
      ps.executeUpdate();
    }
  }

  static Ledger.Account accountIn(Connection c, String panHash, String kind) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT a.pan_hash, k.pan_masked, a.kind, a.balance_fen, a.held_fen FROM accounts a"
            + " JOIN cards k ON k.pan_hash = a.pan_hash WHERE a.pan_hash = ? AND a.kind = ?")) {
      ps.setString(1, panHash);
      ps.setString(2, kind);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Ledger.Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5))
            : null;
      }
    }
  }

  /** A card as the issuer holds it. */
  record CardRow(String panHash, String psn, String expiry, String pinCheck, boolean blocked, int pinTries,
      int lastAtc) {
    boolean expired(LocalDate today) {
      LocalDate end = LocalDate.of(2000 + Integer.parseInt(expiry.substring(0, 2)),
          Integer.parseInt(expiry.substring(2, 4)), Integer.parseInt(expiry.substring(4, 6)));
      return end.isBefore(today);
    }
  }

  static CardRow card(Connection c, String panHash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT psn, expiry, pin_check, status, pin_tries, last_atc FROM cards WHERE pan_hash = ?")) {
      ps.setString(1, panHash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new CardRow(panHash, rs.getString(1), rs.getString(2), rs.getString(3),
            "blocked".equals(rs.getString(4)), rs.getInt(5), rs.getInt(6));
      }
    }
  }

  private static void setLastAtc(Connection c, String panHash, int atc) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET last_atc = ? WHERE pan_hash = ?")) {
      ps.setInt(1, atc);
      ps.setString(2, panHash);
      ps.executeUpdate();
    }
  }

  private static String merchant(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM merchants WHERE merchant_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  // ------------------------------------------------------------------------------------------- reversal

  private ReversalResponse reverse(Connection c, Terminal t, ReversalRequest v) throws SQLException {
    Ledger.Authorisation a = authorisationIn(c, t.id(), v.originalTransactionId());
    if (a == null || a.status().equals("declined")) {
      return new ReversalResponse(ReversalResult.NOT_FOUND);
    }
    if (a.status().equals("reversed")) {
      return new ReversalResponse(ReversalResult.ALREADY_REVERSED);
    }
    if (a.status().equals("authorised")) {
      hold(c, a.panHash(), "benefit", -a.benefitFen());
      hold(c, a.panHash(), "debit", -a.debitFen());
    } else { // settled: give the money back
      move(c, a.panHash(), "benefit", a.benefitFen());
      move(c, a.panHash(), "debit", a.debitFen());
    }
    setAuthorisationStatus(c, a.transactionId(), "reversed");
    return new ReversalResponse(ReversalResult.REVERSED);
  }

  private void setAuthorisationStatus(Connection c, String id, String status) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE authorisations SET status = ?, updated_at = ? WHERE transaction_id = ?")) {
      ps.setString(1, status);
      ps.setString(2, clock.instant().toString());
      ps.setString(3, id);
      ps.executeUpdate();
    }
  }

  static Ledger.Authorisation authorisationIn(Connection c, String terminalId, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT transaction_id, terminal_id, merchant_id, pan_hash, amount_fen, benefit_fen, debit_fen, status,"
            + " reason, auth_code FROM authorisations WHERE transaction_id = ? AND terminal_id = ?")) {
      ps.setString(1, id);
      ps.setString(2, terminalId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Ledger.Authorisation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10));
      }
    }
  }

  // ------------------------------------------------------------------------------------------- batches

  /**
   * A batch of at most 500 records, all in one ledger transaction. A body that is not a batch is {@code 400}
   * (nothing stored); each record is then accepted, duplicate (same id, same content hash) or rejected with
   * {@code conflict} (same id, other content), {@code amounts_mismatch} (the funding parts do not sum to the
   * amount), {@code unknown_card} or {@code bad_card_data} (the encrypted PAN does not open or is not the hashed
   * one).
   */
  private BatchResponse batch(Terminal t, byte[] body) throws ApiException {
    ObjectNode root = Json.object(body);
    String batchId = Json.text(root, "batch_id");
    JsonNode records = Json.required(root, "records", "");
    if (!records.isArray() || records.size() == 0 || records.size() > 500) {
      throw ApiException.malformed("records must be an array of 1 to 500 records");
    }
    List<Object> parsed = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode n = records.get(i);
      if (!n.isObject()) {
        throw ApiException.malformed("records[" + i + "] must be an object");
      }
      String id = Json.text(n, "transaction_id", "records[" + i + "].");
      if (fundingMismatch(n)) {
        parsed.add(id);
      } else {
        try {
          parsed.add(BankJson.read(Json.bytes(n), TransactionRecord.class, BankException.Kind.MALFORMED_REQUEST,
              "records[" + i + "]"));
        } catch (BankException e) {
          throw ApiException.malformed(e.getMessage());
        }
      }
      byte[] content = Json.canonical(n);
      contents.add(content);
      hashes.add(SigningString.sha256Hex(content));
    }
    String now = clock.instant().toString();
    return ledger.transaction(c -> {
      List<byte[][]> keys = workingKeys(c, t.id());
      List<RecordResult> results = new ArrayList<>();
      int accepted = 0;
      int duplicates = 0;
      int rejected = 0;
      for (int i = 0; i < parsed.size(); i++) {
        Object p = parsed.get(i);
        if (p instanceof String) {
          results.add(new RecordResult((String) p, RecordStatus.REJECTED, "amounts_mismatch"));
          rejected++;
          continue;
        }
        TransactionRecord rec = (TransactionRecord) p;
        RecordResult res = settle(c, t, keys, batchId, rec, hashes.get(i), contents.get(i), now);
        results.add(res);
        if (res.status() == RecordStatus.ACCEPTED) {
          accepted++;
        } else if (res.status() == RecordStatus.DUPLICATE) {
          duplicates++;
        } else {
          rejected++;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT OR REPLACE INTO batches (terminal_id, batch_id, received_at, records, accepted, duplicates,"
              + " rejected) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, t.id());
        ps.setString(2, batchId);
        ps.setString(3, now);
        ps.setInt(4, parsed.size());
        ps.setInt(5, accepted);
        ps.setInt(6, duplicates);
        ps.setInt(7, rejected);
        ps.executeUpdate();
      }
      return new BatchResponse(results);
    });
  }

  /** Whether a record's funding parts are all whole numbers that do not sum to its amount. */
  private static boolean fundingMismatch(JsonNode n) {
    JsonNode f = n.get("funding");
    JsonNode amount = n.get("amount_fen");
    if (f == null || !f.isObject() || amount == null || !amount.isIntegralNumber()) {
      return false;
    }
    long sum = 0;
    for (String part : new String[] {"benefit_fen", "debit_fen", "ecash_fen", "purse_fen"}) {
      JsonNode v = f.get(part);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0
          || v.longValue() > 1_000_000_000_000L) {
        return false;
      }
      sum += v.longValue();
    }
    return amount.canConvertToLong() && sum != amount.longValue();
  }

  private RecordResult settle(Connection c, Terminal t, List<byte[][]> keys, String batchId, TransactionRecord r,
      String hash, byte[] content, String now) throws SQLException {
    String id = r.transactionId();
    boolean resolves = false;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT content_sha256, type, pan_hash, amount_fen FROM records WHERE transaction_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          if (rs.getString(1).equals(hash)) {
            return new RecordResult(id, RecordStatus.DUPLICATE, null);
          }
          // an e-cash sale of unknown outcome, resolved by the terminal: the card showed the debit
          resolves = rs.getString(2).equals("ecash_unknown") && r.type() == cn.unioncard.bank.model.RecordType.SALE
              && r.panHash() != null && r.panHash().equalsIgnoreCase(rs.getString(3)) && r.amountFen() == rs.getLong(4)
              && r.funding().ecashFen() == r.amountFen();
          if (!resolves) {
            return new RecordResult(id, RecordStatus.REJECTED, "conflict");
          }
        }
      }
    }
    if (resolves) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM records WHERE transaction_id = ?")) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
    }
    String panHash;
    if (r.panHash() == null) {
      // a trip: the ledger keys it by the transit card's serial (the purse is on the card, no account moves)
      panHash = "SERIAL:" + r.trip().cardSerial().toUpperCase(Locale.ROOT);
    } else {
      panHash = r.panHash().toUpperCase(Locale.ROOT);
      CardRow card = card(c, panHash);
      if (card == null) {
        return new RecordResult(id, RecordStatus.REJECTED, "unknown_card");
      }
      Opened opened = decryptPan(keys, r.panEncrypted(), id);
      if (opened == null || !panHash(opened.pan().digits()).equals(panHash)) {
        return new RecordResult(id, RecordStatus.REJECTED, "bad_card_data");
      }
    }
    long merchantFen = 0;
    long bankFen = 0;
    for (cn.unioncard.bank.model.Discount d : r.discounts()) {
      merchantFen += d.merchantFen();
      bankFen += d.bankFen();
    }
    String type = r.type().name().toLowerCase(Locale.ROOT);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO records (transaction_id, terminal_id, batch_id, type, business_date, record_time, pan_hash,"
            + " amount_fen, benefit_fen, debit_fen, ecash_fen, purse_fen, merchant_fen, bank_fen,"
            + " union_subsidy_fen, original_transaction_id, auth_code, content_sha256, content, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, t.id());
      ps.setString(3, batchId);
      ps.setString(4, type);
      ps.setString(5, r.businessDate().toString());
      ps.setString(6, BankJson.formatInstant(r.time()));
      ps.setString(7, panHash);
      ps.setLong(8, r.amountFen());
      ps.setLong(9, r.funding().benefitFen());
      ps.setLong(10, r.funding().debitFen());
      ps.setLong(11, r.funding().ecashFen());
      ps.setLong(12, r.funding().purseFen());
      ps.setLong(13, merchantFen);
      ps.setLong(14, bankFen);
      ps.setLong(15, r.unionSubsidyFen() == null ? 0 : r.unionSubsidyFen());
      ps.setString(16, r.originalTransactionId());
      ps.setString(17, r.authCode());
      ps.setString(18, hash);
      ps.setBytes(19, content);
      ps.setString(20, now);
      ps.executeUpdate();
    }
    long benefit = r.funding().benefitFen();
    long debit = r.funding().debitFen();
    switch (type) {
      case "sale": {
        Ledger.Authorisation a = authorisationIn(c, t.id(), id);
        if (a != null && a.status().equals("authorised")) {
          hold(c, panHash, "benefit", -a.benefitFen());
          hold(c, panHash, "debit", -a.debitFen());
          setAuthorisationStatus(c, id, "settled");
        }
        move(c, panHash, "benefit", -benefit);
        move(c, panHash, "debit", -debit);
        break;
      }
      case "refund":
        move(c, panHash, "benefit", benefit);
        move(c, panHash, "debit", debit);
        break;
      case "reversal":
      case "void": {
        Ledger.Authorisation a = authorisationIn(c, t.id(), r.originalTransactionId());
        if (a != null && a.status().equals("authorised")) {
          hold(c, panHash, "benefit", -a.benefitFen());
          hold(c, panHash, "debit", -a.debitFen());
          setAuthorisationStatus(c, a.transactionId(), "reversed");
        } else {
          move(c, panHash, "benefit", benefit);
          move(c, panHash, "debit", debit);
        }
        break;
      }
      default: // trip: the purse is on the card; ecash_unknown: nothing moves until the card's clearing proves it
        break;
    }
    return new RecordResult(id, RecordStatus.ACCEPTED, null);
  }

  // ------------------------------------------------------------------------------------------- status

  private TransactionStatus status(Terminal t, String id) throws ApiException {
    TransactionState s = ledger.query(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT type FROM records WHERE transaction_id = ? AND terminal_id = ?")) {
        ps.setString(1, id);
        ps.setString(2, t.id());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return TransactionState.SETTLED;
          }
        }
      }
      Ledger.Authorisation a = authorisationIn(c, t.id(), id);
      if (a == null) {
        return null;
      }
      return TransactionState.valueOf(a.status().toUpperCase(Locale.ROOT));
    });
    if (s == null) {
      throw ApiException.notFound("the bank has no transaction " + id);
    }
    return new TransactionStatus(id, s);
  }

  // ------------------------------------------------------------------------------------------- day close

  private Answer closeDay(Connection c, Terminal t, LocalDate date, DayCloseRequest d) throws SQLException {
    Ledger.DayTotals bank = Ledger.totalsOf(Ledger.recordsOf(c, t.id(), date.toString()));
    Map<String, long[]> terminal = new LinkedHashMap<>();
    for (CategoryTotal ct : d.totals()) {
      long[] v = terminal.computeIfAbsent(ct.category().name().toLowerCase(Locale.ROOT), k -> new long[2]);
      v[0] += ct.count();
      v[1] += ct.amountFen();
    }
    Map<String, Long> terminalFunding = new LinkedHashMap<>();
    for (FundingTotal ft : d.funding()) {
      terminalFunding.merge(ft.source().name().toLowerCase(Locale.ROOT), ft.amountFen(), Long::sum);
    }
    ArrayNode differences = Json.MAPPER.createArrayNode();
    for (String category : Ledger.CATEGORIES) {
      long[] tv = terminal.getOrDefault(category, new long[2]);
      Ledger.Total bv = bank.categories().get(category);
      if (tv[0] != bv.count() || tv[1] != bv.amountFen()) {
        differences.add(difference(category, tv[0], bv.count(), tv[1], bv.amountFen(),
            bank.transactionIds().get(category)));
      }
    }
    for (String source : Ledger.SOURCES) {
      long tv = terminalFunding.getOrDefault(source, 0L);
      long bv = bank.funding().get(source);
      if (tv != bv) {
        ObjectNode diff = difference(source, 0, 0, tv, bv, bank.transactionIds().get(source));
        diff.remove("category");
        diff.put("source", source);
        differences.add(diff);
      }
    }
    ObjectNode answer = Json.MAPPER.createObjectNode();
    boolean matched = differences.isEmpty();
    answer.put("result", matched ? "matched" : "differences");
    if (!matched) {
      answer.set("differences", differences);
    }
    byte[] body = Json.bytes(answer);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR REPLACE INTO business_days (terminal_id, business_date, status, result, terminal_totals,"
            + " bank_totals, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, t.id());
      ps.setString(2, date.toString());
      ps.setString(3, matched ? "closed" : "open");
      ps.setString(4, new String(body, StandardCharsets.UTF_8));
      ps.setString(5, new String(BankJson.write(d), StandardCharsets.UTF_8));
      ps.setString(6, new String(Json.bytes(Json.CONTROL.valueToTree(bank)), StandardCharsets.UTF_8));
      ps.setString(7, clock.instant().toString());
      ps.executeUpdate();
    }
    return new Answer(200, body);
  }

  private static ObjectNode difference(String category, long tc, long bc, long ta, long ba, List<String> ids) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("category", category);
    n.put("terminal_count", tc);
    n.put("bank_count", bc);
    n.put("terminal_amount_fen", ta);
    n.put("bank_amount_fen", ba);
    ArrayNode a = n.putArray("transaction_ids");
    for (String id : ids == null ? List.<String>of() : ids) {
      a.add(id);
    }
    return n;
  }

  // ------------------------------------------------------------------------------------------- reference data

  static ReferenceKind referenceKind(String wire) {
    for (ReferenceKind k : ReferenceKind.values()) {
      if (k.wireName().equals(wire)) {
        return k;
      }
    }
    return null;
  }

  private ReferenceDocument reference(String kindName, String rawQuery) throws ApiException {
    ReferenceKind kind = referenceKind(kindName);
    if (kind == null) {
      throw ApiException.notFound("no reference data of kind " + kindName);
    }
    Long since = null;
    if (rawQuery != null && !rawQuery.isEmpty()) {
      Matcher m = Pattern.compile("since=([0-9]{1,18})").matcher(rawQuery);
      if (!m.matches()) {
        throw ApiException.malformed("the only query is since=<version>");
      }
      since = Long.parseLong(m.group(1));
    }
    Long sinceVersion = since;
    Object[] doc = ledger.query(c -> {
      long latest;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MAX(version) FROM reference_documents WHERE kind = ?")) {
        ps.setString(1, kind.wireName());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          latest = rs.getLong(1);
          if (rs.wasNull()) {
            return null;
          }
        }
      }
      if (kind == ReferenceKind.HOTLIST && sinceVersion != null && sinceVersion < latest) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT version, base_version, issued_at, content FROM reference_documents"
                + " WHERE kind = ? AND base_version = ?")) {
          ps.setString(1, kind.wireName());
          ps.setLong(2, sinceVersion);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              return new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4)};
            }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT version, issued_at, content FROM reference_documents"
              + " WHERE kind = ? AND version = ? AND base_version IS NULL")) {
        ps.setString(1, kind.wireName());
        ps.setLong(2, latest);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          return new Object[] {rs.getLong(1), null, rs.getString(2), rs.getBytes(3)};
        }
      }
    });
    if (doc == null) {
      throw ApiException.notFound("no " + kind.wireName() + " published");
    }
    long version = (Long) doc[0];
    Long base = (Long) doc[1];
    byte[] content = (byte[]) doc[3];
    return new ReferenceDocument(kind, version, base, Instant.parse((String) doc[2]),
        Base64.getEncoder().encodeToString(content), referenceKey.algorithm(),
        ReferenceSignature.sign(referenceKey, kind.wireName(), version, base, content));
  }

  /**
   * Publishes the default terminal parameters (the agent's code defaults, signed) as v1 when the ledger has none,
   * so a terminal meets the bank's signed limits from its first sync.
   */
  void publishDefaultParameters() {
    boolean none = ledger.query(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM reference_documents WHERE kind = ?")) {
        ps.setString(1, ReferenceKind.TERMINAL_PARAMETERS.wireName());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1) == 0;
        }
      }
    });
    if (none) {
      publishReference(ReferenceKind.TERMINAL_PARAMETERS.wireName(),
          DefaultTerminalParameters.document(), null);
    }
  }

  /** Publishes a full document as the kind's next version; returns the version. */
  long publishReference(String kindName, byte[] content, byte[] delta) {
    ReferenceKind kind = referenceKind(kindName);
    if (kind == null) {
      throw new IllegalArgumentException("no reference data of kind " + kindName);
    }
    if (delta != null && kind != ReferenceKind.HOTLIST) {
      throw new IllegalArgumentException("only the hotlist has deltas");
    }
    String now = clock.instant().toString();
    return ledger.query(c -> {
      long version;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COALESCE(MAX(version), 0) + 1 FROM reference_documents WHERE kind = ?")) {
        ps.setString(1, kind.wireName());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          version = rs.getLong(1);
        }
      }
      insertDocument(c, kind.wireName(), version, null, now, content);
      if (delta != null && version > 1) {
        insertDocument(c, kind.wireName(), version, version - 1, now, delta);
      }
      return version;
    });
  }

  private static void insertDocument(Connection c, String kind, long version, Long base, String now, byte[] content)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO reference_documents (kind, version, base_version, issued_at, content) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, kind);
      ps.setLong(2, version);
      if (base == null) {
        ps.setNull(3, java.sql.Types.INTEGER);
      } else {
        ps.setLong(3, base);
      }
      ps.setString(4, now);
      ps.setBytes(5, content);
      ps.executeUpdate();
    }
  }
}

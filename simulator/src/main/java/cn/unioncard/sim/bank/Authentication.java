package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.SigningString;
import cn.unioncard.bank.signing.Verifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Checks a request's signature headers before any route is looked at (docs/bank-api.md, Request headers): a known
 * terminal, its algorithm, a timestamp within 300 s, a signature that verifies, a request id not seen in the
 * replay window. Anything else is {@code 401 unauthorised}.
 */
final class Authentication {
  /** Requests whose timestamp is further than this from the bank's clock are refused (docs/bank-api.md). */
  static final Duration MAX_SKEW = Duration.ofSeconds(300);

  /** Request ids are remembered this long (replays refused). */
  static final Duration REPLAY_WINDOW = Duration.ofSeconds(600);

  static final Pattern TERMINAL_ID = Pattern.compile("[A-Z0-9]{8,16}");
  static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");

  private final Ledger ledger;
  private final Clock clock;

  Authentication(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /** The terminal that signed {@code r}; the request id is noted as seen. */
  Terminal check(ApiRequest r) throws ApiException {
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
    boolean fresh = ledger.transaction(
        db -> db.seenRequests().markSeen(requestId, nowMs, nowMs - REPLAY_WINDOW.toMillis()));
    if (!fresh) {
      throw ApiException.unauthorised("request id already seen (a replay)");
    }
    return t;
  }

  /** The registered terminal with this id, or null. */
  Terminal terminal(String id) {
    return ledger.query(db -> db.terminals().find(id));
  }
}

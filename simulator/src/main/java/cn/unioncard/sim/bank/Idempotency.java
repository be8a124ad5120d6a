package cn.unioncard.sim.bank;

import cn.unioncard.bank.signing.SigningString;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs the money-moving calls (docs/bank-api.md, Idempotency): the same key with the same body gives the stored
 * answer byte for byte, another body {@code 409}; otherwise the work and the stored answer commit together in one
 * ledger transaction. An answer its handler does not {@link MoneyHandler#keep keep} is not stored.
 */
final class Idempotency {
  /** Idempotency keys are kept this long (docs/bank-api.md, Figures). */
  static final Duration RETENTION = Duration.ofDays(90);

  private final Ledger ledger;
  private final Clock clock;

  Idempotency(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /** The handler of a money-moving resource, with the key's stored answer around it. */
  <T> ApiHandler around(MoneyHandler<T> handler) {
    return call -> {
      T request = handler.parse(call);
      ApiRequest r = call.request();
      String terminalId = call.terminal().id();
      String key = r.header("Idempotency-Key");
      String hash = SigningString.sha256Hex(r.body());
      String methodPath = r.method() + " " + r.path();
      long now = clock.millis();
      return ledger.transaction(db -> {
        IdempotencyTable.Stored stored = db.idempotency().find(terminalId, key, now - RETENTION.toMillis());
        if (stored != null) {
          if (stored.methodPath().equals(methodPath) && stored.requestSha256().equals(hash)) {
            return new ApiAnswer(stored.status(), stored.body());
          }
          throw ApiException.conflict("Idempotency-Key " + key + " was used with another body");
        }
        ApiAnswer a = handler.apply(db, call, request);
        if (a.status() == 200 && handler.keep(a)) {
          db.idempotency().store(terminalId, key,
              new IdempotencyTable.Stored(methodPath, hash, a.status(), a.body()), now);
        }
        return a;
      });
    };
  }

  /** {@code 400 malformed} unless the request carries {@code Idempotency-Key: expected}. */
  static void requireKey(ApiRequest r, String expected) throws ApiException {
    String key = r.header("Idempotency-Key");
    if (key == null) {
      throw ApiException.malformed("Idempotency-Key is required on this call");
    }
    if (!key.equals(expected)) {
      throw ApiException.malformed("Idempotency-Key must be " + expected);
    }
  }

  /** Drops idempotency keys older than the retention; returns how many. */
  int purge() {
    long cutoff = clock.millis() - RETENTION.toMillis();
    return ledger.query(db -> db.idempotency().purge(cutoff));
  }
}

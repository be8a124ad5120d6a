package cn.unioncard.sim.bank;

import cn.unioncard.bank.keys.KeyBlocks;
import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.bank.model.SignOnRequest;
import cn.unioncard.bank.model.SignOnResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code POST /v1/sign-on}: fresh PIN, MAC and data keys stored as the terminal's next key version, and all four
 * working keys (with the PAN hash key) wrapped under its master key.
 */
final class SignOnHandler implements ApiHandler {
  private final Ledger ledger;
  private final Clock clock;
  private final CardData cardData;
  private final SecureRandom random = new SecureRandom();

  SignOnHandler(Ledger ledger, Clock clock, CardData cardData) {
    this.ledger = ledger;
    this.clock = clock;
    this.cardData = cardData;
  }

  @Override
  public ApiAnswer handle(Call call) throws ApiException {
    SignOnRequest req = call.request().json(SignOnRequest.class, "sign-on");
    Terminal t = call.terminal();
    if (!req.terminalId().equals(t.id())) {
      throw ApiException.malformed("terminal_id differs from X-Terminal-Id");
    }
    IssuedKeys keys = new IssuedKeys(key16(), key16(), key16());
    LocalDate date = BankCalendar.today(clock);
    Instant now = clock.instant();
    int version = ledger.transaction(db -> db.workingKeys().issue(t.id(), date.toString(), now.toString(), keys));
    KeyAlgorithm alg = KeyAlgorithm.SM4;
    return ApiAnswer.ok(new SignOnResponse(date, now, version, alg,
        KeyBlocks.wrap(alg, t.tmk(), keys.pinKey()), KeyBlocks.wrap(alg, t.tmk(), keys.macKey()),
        KeyBlocks.wrap(alg, t.tmk(), keys.dataKey()), KeyBlocks.wrap(alg, t.tmk(), cardData.panHashKey())));
  }

  private byte[] key16() {
    byte[] k = new byte[16];
    random.nextBytes(k);
    return k;
  }
}

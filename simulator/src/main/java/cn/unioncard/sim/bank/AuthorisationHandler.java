package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.AuthorisationRequest;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.AuthorisationResult;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.emv.Pan;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/authorisations}: opens the PAN, checks the ARQC, the card's state, the PIN when given and both
 * balances, holds the money when approved, and answers the card's ARC and ARPC either way.
 */
final class AuthorisationHandler implements MoneyHandler<AuthorisationRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorisationHandler.class);

  private final Clock clock;
  private final CardData cardData;
  private final Issuer issuer;

  AuthorisationHandler(Clock clock, CardData cardData, Issuer issuer) {
    this.clock = clock;
    this.cardData = cardData;
    this.issuer = issuer;
  }

  @Override
  public AuthorisationRequest parse(Call call) throws ApiException {
    AuthorisationRequest a = call.request().json(AuthorisationRequest.class, "authorisation");
    Idempotency.requireKey(call.request(), a.transactionId());
    return a;
  }

  @Override
  public ApiAnswer apply(LedgerTables db, Call call, AuthorisationRequest a) throws SQLException, ApiException {
    Terminal t = call.terminal();
    List<IssuedKeys> keys = db.workingKeys().newestFirst(t.id());
    if (keys.isEmpty()) {
      throw ApiException.unauthorised("sign on first: the terminal has no working keys");
    }
    CardData.Opened opened = cardData.open(keys, a.panEncrypted(), a.transactionId());
    if (opened == null) {
      throw ApiException.malformed("pan_encrypted does not open under the terminal's data keys");
    }
    Pan pan = opened.pan();
    if (!cardData.panHash(pan.digits()).equals(a.panHash().toUpperCase(Locale.ROOT))) {
      throw ApiException.malformed("pan_hash is not the hash of the encrypted PAN");
    }
    Issuer.IccData icc = Issuer.IccData.parse(a.iccData());
    CardTable.Card card = db.cards().find(a.panHash().toUpperCase(Locale.ROOT));
    String merchant = db.merchants().name(a.merchantId());
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
        db.cards().setLastAtc(card.panHash(), icc.atcValue());
        if (card.blocked()) {
          reason = "card_blocked";
        } else if (card.expired(BankCalendar.today(clock))) {
          reason = "expired_card";
        } else if (merchant == null) {
          reason = "not_accepted";
          LOG.warn("bank: authorisation {} of terminal {} declined (not_accepted): the bank knows no merchant {}"
              + " (POST /bank/merchants adds one)", a.transactionId(), t.id(), a.merchantId());
        } else if (a.pinBlock() != null || card.pinTries() >= Issuer.MAX_PIN_TRIES) {
          reason = a.pinBlock() == null ? null : checkPin(db, card, pan, a.pinBlock(), opened.keys().pinKey());
        }
        if (reason == null) {
          reason = funds(db, card, a);
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
      authCode = authCode(db);
      db.accounts().hold(card.panHash(), "benefit", a.benefitFen());
      db.accounts().hold(card.panHash(), "debit", a.debitFen());
      Ledger.Account benefit = db.accounts().find(card.panHash(), "benefit");
      benefitBalance = benefit == null ? 0L : Math.max(0, benefit.availableFen());
    }
    boolean stored = db.authorisations().insert(new Ledger.Authorisation(a.transactionId(), t.id(),
        a.merchantId(), a.panHash().toUpperCase(Locale.ROOT), a.amountFen(), reason == null ? a.benefitFen() : 0,
        reason == null ? a.debitFen() : 0, reason == null ? "authorised" : "declined", reason, authCode), arc, now);
    if (!stored) {
      throw new ApiException(422, "rejected", "transaction " + a.transactionId() + " was already authorised");
    }
    if (reason == null) {
      return ApiAnswer.ok(new AuthorisationResponse(a.transactionId(), AuthorisationResult.APPROVED, authCode,
          null, arc, Hex.encode(arpc), a.benefitFen(), a.debitFen(), benefitBalance));
    }
    return ApiAnswer.ok(new AuthorisationResponse(a.transactionId(), AuthorisationResult.DECLINED, null, reason,
        arc, Hex.encode(arpc), null, null, null));
  }

  private String checkPin(LedgerTables db, CardTable.Card card, Pan pan, String pinBlockHex, byte[] pinKey)
      throws SQLException {
    if (card.pinTries() >= Issuer.MAX_PIN_TRIES) {
      return "pin_tries_exceeded";
    }
    String pin = Issuer.pinFromBlock(pinBlockHex, pinKey, pan.digits());
    boolean right = pin != null && card.pinCheck() != null
        && card.pinCheck().equals(cardData.pinCheck(pan.digits(), pin));
    int tries = right ? 0 : card.pinTries() + 1;
    db.cards().setPinTries(card.panHash(), tries);
    if (right) {
      return null;
    }
    return tries >= Issuer.MAX_PIN_TRIES ? "pin_tries_exceeded" : "wrong_pin";
  }

  private static String funds(LedgerTables db, CardTable.Card card, AuthorisationRequest a) throws SQLException {
    Ledger.Account benefit = db.accounts().find(card.panHash(), "benefit");
    Ledger.Account debit = db.accounts().find(card.panHash(), "debit");
    if (a.benefitFen() > 0 && (benefit == null || benefit.availableFen() < a.benefitFen())) {
      return "insufficient_funds";
    }
    if (a.debitFen() > 0 && (debit == null || debit.availableFen() < a.debitFen())) {
      return "insufficient_funds";
    }
    return null;
  }

  private static String authCode(LedgerTables db) throws SQLException {
    return String.format(Locale.ROOT, "A%05d", (db.authorisations().count() + 1) % 100_000);
  }
}

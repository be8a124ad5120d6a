package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.bank.BankException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The checkout's answers to the register: its reason codes (docs/checkout.md lists them) and their texts. */
final class Answers {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  static final String OK = "00";
  static final String CARD_REMOVED = "CR";
  static final String NOT_ACCEPTED = "NA";
  static final String NO_CARD = "TO";
  static final String CANCELLED = "CAN";
  static final String READER = "RDR";
  static final String DECLINED_BY_CARD = "DC";
  static final String PIN_CANCELLED = "PC";
  static final String PIN_PAD = "PT";
  static final String NO_BANK = "BNA";
  static final String BANK_REFUSED = "BNK";
  static final String STORE = "STO";
  static final String OFFLINE_LIMIT = "OFL";
  static final String NOT_SIGNED_ON = "KEY";
  static final String PENDING_REVERSAL = "REV";
  static final String FORMAT = "FMT";
  static final String ORIGINAL_NOT_FOUND = "ONF";
  static final String TOO_MUCH = "RX";
  static final String NOT_VOIDABLE = "NV";
  static final String WRONG_CARD = "WC";

  private Answers() {}

  static Result answer(MessageType type, String ref, Outcome outcome, String code, String text) {
    return Result.of(type, ref, outcome, code, text);
  }

  static Result notSignedOn(MessageType type, String ref) {
    return answer(type, ref, Outcome.FAILED, NOT_SIGNED_ON, "the terminal is not signed on with the bank");
  }

  static Result cardRemoved(MessageType type, String ref) {
    return answer(type, ref, Outcome.FAILED, CARD_REMOVED, "card removed, tap again");
  }

  static Result readerFailed(MessageType type, String ref) {
    return answer(type, ref, Outcome.FAILED, READER, "the card reader failed; nothing charged");
  }

  static Result storeFailure(MessageType type, String ref, StoreException e) {
    LOG.warn("{} {}: the store failed ({}): {}", type, ref, e.kind(), e.getMessage());
    String why = e.kind() == StoreException.Kind.FULL ? "the terminal's store is full"
        : e.kind() == StoreException.Kind.READ_ONLY ? "the terminal's store cannot be written"
        : "the terminal's store failed";
    return answer(type, ref, Outcome.DECLINED, STORE, why + "; nothing charged");
  }

  /** Failures where the bank answered and held nothing: a refusal, not a lost answer. */
  static boolean answeredWithoutMoney(BankException.Kind kind) {
    return kind == BankException.Kind.REJECTED || kind == BankException.Kind.MALFORMED_REQUEST
        || kind == BankException.Kind.UNAUTHORISED || kind == BankException.Kind.CONFLICT
        || kind == BankException.Kind.NOT_FOUND;
  }

  /** The bank's authorisation response code (ARC, two ASCII characters) as the register's reason code. */
  static String arcCode(String arcHex) {
    byte[] b = Hex.of(arcHex);
    String s = new String(b, StandardCharsets.US_ASCII);
    return s.matches("[0-9A-Z]{2}") ? s : "05";
  }

  private static final Map<String, String> BANK_REASONS = new LinkedHashMap<>();

  static {
    BANK_REASONS.put("insufficient_funds", "insufficient funds; nothing charged");
    BANK_REASONS.put("wrong_pin", "wrong PIN; nothing charged");
    BANK_REASONS.put("pin_tries_exceeded", "PIN tries exceeded: the card's PIN is blocked; nothing charged");
    BANK_REASONS.put("card_blocked", "card blocked; nothing charged");
    BANK_REASONS.put("cryptogram_failed", "the card's cryptogram failed; nothing charged");
    BANK_REASONS.put("expired_card", "card expired; nothing charged");
    BANK_REASONS.put("not_accepted", "card not accepted");
  }

  static String bankReasonText(String reason) {
    String t = BANK_REASONS.get(reason);
    return t != null ? t : "declined by the bank (" + reason + "); nothing charged";
  }
}

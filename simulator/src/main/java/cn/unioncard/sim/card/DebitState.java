package cn.unioncard.sim.card;

import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.emv.Pan;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The debit application's personalisation and its persistent state (the {@code debit} section of a card
 * profile): what the issuer wrote (PAN, dates, name, keys, limits) and what changes as the card runs (the
 * electronic-cash balance, the ATC, the last online ATC, the issuer-authentication flag, the transaction log).
 * Field by field in docs/card-profile.md.
 */
public final class DebitState {
  /** The test issuer master key for application cryptograms (shared/vectors/crypto.md §5.7). TEST ONLY. */
  public static final String TEST_IMK_AC = "0123456789ABCDEFFEDCBA9876543210";

  /** Transactions the card keeps in its log (the log entry 9F4D says 10 records). */
  public static final int LOG_CAPACITY = 10;

  /** Largest amount in n12 (fen). */
  static final long MAX_AMOUNT = 999_999_999_999L;

  static final Charset GBK = Charset.forName("GBK");

  String pan;
  int psn;
  LocalDate expiryDate;
  LocalDate effectiveDate;
  String cardholderName;
  String serviceCode;
  String label;
  int priority;
  byte[] imkAc;
  long ecBalanceFen;
  long ecBalanceLimitFen;
  long ecSingleTransactionLimitFen;
  int atc;
  int lastOnlineAtc;
  boolean blocked;
  boolean issuerAuthenticationFailed;
  /** Most recent first, at most {@link #LOG_CAPACITY}. */
  final List<LogRecord> log = new ArrayList<>();

  /** One transaction in the card's log: the values the log format 9F4F lists. */
  public record LogRecord(
      LocalDate date,
      LocalTime time,
      long amountFen,
      long otherAmountFen,
      int country,
      int currency,
      byte[] merchant,
      int type,
      int atc) {}

  public String pan() {
    return pan;
  }

  public String psn() {
    return String.format("%02d", psn);
  }

  public long ecBalanceFen() {
    return ecBalanceFen;
  }

  public int atc() {
    return atc;
  }

  public int lastOnlineAtc() {
    return lastOnlineAtc;
  }

  public boolean blocked() {
    return blocked;
  }

  public boolean issuerAuthenticationFailed() {
    return issuerAuthenticationFailed;
  }

  public List<LogRecord> log() {
    return java.util.Collections.unmodifiableList(log);
  }

  public String cardholderName() {
    return cardholderName;
  }

  public LocalDate expiryDate() {
    return expiryDate;
  }

  byte[] imkAc() {
    return imkAc.clone();
  }

  /** Adds a transaction to the log, dropping the oldest past {@link #LOG_CAPACITY}. */
  void logTransaction(LogRecord r) {
    log.add(0, r);
    while (log.size() > LOG_CAPACITY) {
      log.remove(log.size() - 1);
    }
  }

  static DebitState fromJson(JsonFields f) throws ProfileException {
    DebitState s = new DebitState();
    String pan = f.text("pan");
    try {
      Pan p = Pan.parse(pan);
      if (!p.luhnValid()) {
        throw new ProfileException(f.at("pan"), "fails its Luhn check");
      }
    } catch (DecodeException e) {
      throw new ProfileException(f.at("pan"), "not a PAN: " + e.reason());
    }
    if (pan.length() > 16) {
      throw new ProfileException(f.at("pan"), "more than 16 digits (the card derives its key by EMV option A)");
    }
    s.pan = pan;
    s.psn = (int) f.optNumber("psn", 0, 99, 1);
    s.expiryDate = f.optDate("expiry_date");
    if (s.expiryDate == null) {
      throw new ProfileException(f.at("expiry_date"), "missing");
    }
    if (s.expiryDate.getYear() < 2000 || s.expiryDate.getYear() > 2049) {
      throw new ProfileException(f.at("expiry_date"), "year outside 2000..2049 (n6 YYMMDD)");
    }
    s.effectiveDate = f.optDate("effective_date");
    if (s.effectiveDate == null) {
      s.effectiveDate = s.expiryDate.minusYears(10).plusDays(1);
    }
    if (s.effectiveDate.getYear() < 2000) {
      throw new ProfileException(f.at("effective_date"), "year before 2000 (n6 YYMMDD)");
    }
    if (s.effectiveDate.isAfter(s.expiryDate)) {
      throw new ProfileException(f.at("effective_date"), "after the expiry date");
    }
    s.cardholderName = f.optText("cardholder_name");
    if (s.cardholderName != null) {
      byte[] gbk = gbk(s.cardholderName);
      if (gbk == null) {
        throw new ProfileException(f.at("cardholder_name"), "not writable in GBK");
      }
      if (gbk.length < 2 || gbk.length > 26) {
        throw new ProfileException(f.at("cardholder_name"), gbk.length + " bytes in GBK, expected 2..26 (5F20)");
      }
    }
    s.serviceCode = f.optText("service_code", "220");
    if (!s.serviceCode.matches("[0-9]{3}")) {
      throw new ProfileException(f.at("service_code"), "not three digits");
    }
    s.label = f.optText("label", "PBOC DEBIT");
    if (s.label.isEmpty() || s.label.length() > 16 || !s.label.matches("[\\x20-\\x7E]+")) {
      throw new ProfileException(f.at("label"), "not 1..16 printable ASCII characters");
    }
    s.priority = (int) f.optNumber("priority", 1, 15, 1);
    byte[] imk = f.optHex("imk_ac", 16, 16);
    s.imkAc = imk == null ? Hex.of(TEST_IMK_AC) : imk;
    s.ecBalanceLimitFen = f.optNumber("ec_balance_limit_fen", 0, MAX_AMOUNT, 100_000);
    s.ecBalanceFen = f.optNumber("ec_balance_fen", 0, MAX_AMOUNT, 0);
    if (s.ecBalanceFen > s.ecBalanceLimitFen) {
      throw new ProfileException(f.at("ec_balance_fen"),
          s.ecBalanceFen + " exceeds ec_balance_limit_fen " + s.ecBalanceLimitFen);
    }
    s.ecSingleTransactionLimitFen = f.optNumber("ec_single_transaction_limit_fen", 0, MAX_AMOUNT, 50_000);
    s.atc = (int) f.optNumber("atc", 0, 0xFFFF, 0);
    s.lastOnlineAtc = (int) f.optNumber("last_online_atc", 0, 0xFFFF, 0);
    if (s.lastOnlineAtc > s.atc) {
      throw new ProfileException(f.at("last_online_atc"), s.lastOnlineAtc + " is past the atc " + s.atc);
    }
    s.blocked = f.optBoolean("blocked", false);
    s.issuerAuthenticationFailed = f.optBoolean("issuer_authentication_failed", false);
    List<JsonFields> entries = f.objects("log");
    if (entries.size() > LOG_CAPACITY) {
      throw new ProfileException(f.at("log"), entries.size() + " entries, the card keeps " + LOG_CAPACITY);
    }
    for (JsonFields e : entries) {
      s.log.add(logRecord(e));
    }
    f.end();
    return s;
  }

  private static LogRecord logRecord(JsonFields e) throws ProfileException {
    LocalDate date = e.optDate("date");
    if (date == null) {
      throw new ProfileException(e.at("date"), "missing");
    }
    if (date.getYear() < 2000 || date.getYear() > 2049) {
      throw new ProfileException(e.at("date"), "year outside 2000..2049 (n6 YYMMDD)");
    }
    LocalTime time = LocalTime.MIDNIGHT;
    String t = e.optText("time");
    if (t != null) {
      try {
        time = LocalTime.parse(t);
      } catch (DateTimeParseException x) {
        throw new ProfileException(e.at("time"), "not a time hh:mm:ss: " + t);
      }
    }
    long amount = e.number("amount_fen", 0, MAX_AMOUNT);
    long other = e.optNumber("other_amount_fen", 0, MAX_AMOUNT, 0);
    int country = (int) e.optNumber("country", 0, 999, 156);
    int currency = (int) e.optNumber("currency", 0, 999, 156);
    byte[] merchant;
    String m = e.optText("merchant");
    byte[] mHex = e.optHex("merchant_hex", 0, 20);
    if (m != null && mHex != null) {
      throw new ProfileException(e.at("merchant_hex"), "give merchant or merchant_hex, not both");
    }
    if (mHex != null) {
      merchant = mHex;
    } else if (m != null) {
      merchant = gbk(m);
      if (merchant == null || merchant.length > 20) {
        throw new ProfileException(e.at("merchant"), "not at most 20 bytes of GBK");
      }
    } else {
      merchant = new byte[0];
    }
    int type = (int) e.optNumber("type", 0, 99, 0);
    int atc = (int) e.optNumber("atc", 0, 0xFFFF, 0);
    e.end();
    return new LogRecord(date, time, amount, other, country, currency, merchant, type, atc);
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("pan", pan);
    o.put("psn", psn);
    o.put("expiry_date", expiryDate.toString());
    o.put("effective_date", effectiveDate.toString());
    if (cardholderName != null) {
      o.put("cardholder_name", cardholderName);
    }
    o.put("service_code", serviceCode);
    o.put("label", label);
    o.put("priority", priority);
    o.put("imk_ac", Hex.encode(imkAc));
    o.put("ec_balance_fen", ecBalanceFen);
    o.put("ec_balance_limit_fen", ecBalanceLimitFen);
    o.put("ec_single_transaction_limit_fen", ecSingleTransactionLimitFen);
    o.put("atc", atc);
    o.put("last_online_atc", lastOnlineAtc);
    o.put("blocked", blocked);
    o.put("issuer_authentication_failed", issuerAuthenticationFailed);
    ArrayNode a = o.putArray("log");
    for (LogRecord r : log) {
      ObjectNode e = a.addObject();
      e.put("date", r.date().toString());
      e.put("time", r.time().toString().length() == 5 ? r.time() + ":00" : r.time().toString());
      e.put("amount_fen", r.amountFen());
      e.put("other_amount_fen", r.otherAmountFen());
      e.put("country", r.country());
      e.put("currency", r.currency());
      String text = merchantText(r.merchant());
      if (text != null) {
        e.put("merchant", text);
      } else {
        e.put("merchant_hex", Hex.encode(r.merchant()));
      }
      e.put("type", r.type());
      e.put("atc", r.atc());
    }
    return o;
  }

  /** The merchant as text when GBK decodes it and encodes back to the same bytes (trailing 00 removed). */
  private static String merchantText(byte[] merchant) {
    int n = merchant.length;
    while (n > 0 && merchant[n - 1] == 0) {
      n--;
    }
    byte[] b = java.util.Arrays.copyOf(merchant, n);
    try {
      String s = GBK.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
      for (int i = 0; i < s.length(); i++) {
        if (Character.isISOControl(s.charAt(i))) {
          return null;
        }
      }
      byte[] back = gbk(s);
      return back != null && java.util.Arrays.equals(back, b) ? s : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** {@code text} in GBK, or null when GBK cannot write it. */
  static byte[] gbk(String text) {
    try {
      ByteBuffer b = GBK.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** BCD of a value the profile already range-checked. */
  static byte[] bcd(long value, int bytes) {
    return Bcd.encode(value, bytes);
  }
}

package cn.unioncard.agent.card.payment;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.emv.EmvTags;

/**
 * The contact card's cardholder verification: the first rule of the CVM list ({@code 8E}) whose condition holds
 * and whose method this terminal performs (EMV Book 3 clause 10.5, Annex C3). The terminal performs online PIN
 * ({@code 02}), signature ({@code 1E}) and no CVM ({@code 1F}); it has no offline PIN pad. The outcome is the CVM
 * results ({@code 9F34}) the card gets in CDOL1 and whether an online PIN is to be taken.
 */
final class CardholderVerification {
  static final int ONLINE_PIN = 0x02;
  static final int SIGNATURE = 0x1E;
  static final int NO_CVM_REQUIRED = 0x1F;
  static final int FAIL = 0x00;
  /** CV rule byte 1 b7: apply the next rule if this one fails (Annex C3). */
  static final int NEXT_IF_UNSUCCESSFUL = 0x40;
  /** CVM results byte 3 (Annex A, 9F34): unknown, failed, successful. */
  static final int RESULT_UNKNOWN = 0x00;
  static final int RESULT_FAILED = 0x01;
  static final int RESULT_SUCCESSFUL = 0x02;
  /** CVM results when no rule applied or the card has no list: "no CVM performed" (3F), condition 00. */
  static final int NO_CVM_PERFORMED = 0x3F;

  private final byte[] results;
  private final boolean onlinePin;

  private CardholderVerification(int code, int condition, int result, boolean onlinePin) {
    this.results = new byte[] {(byte) code, (byte) condition, (byte) result};
    this.onlinePin = onlinePin;
  }

  /** The CVM results, 3 bytes ({@code 9F34}). */
  byte[] results() {
    return results.clone();
  }

  boolean onlinePin() {
    return onlinePin;
  }

  /**
   * Applies a CVM list to a purchase of {@code amountFen} (no cash, no cashback, attended).
   *
   * @param list the value of {@code 8E}, or null when the card has none
   * @param inApplicationCurrency whether the transaction currency is the application's (conditions 06 to 09
   *     compare the amount with X and Y only then)
   * @throws DecodeException when the list is shorter than X and Y or ends in half a rule
   */
  static CardholderVerification of(byte[] list, long amountFen, boolean inApplicationCurrency)
      throws DecodeException {
    if (list == null) {
      return new CardholderVerification(NO_CVM_PERFORMED, 0x00, RESULT_UNKNOWN, false);
    }
    EmvTags.checkLength(EmvTags.CVM_LIST, list);
    if (list.length < 8 || (list.length - 8) % 2 != 0) {
      throw new DecodeException("CVM list of " + list.length + " bytes: X, Y and whole rules expected",
          0, EmvTags.CVM_LIST.hex());
    }
    long x = unsigned(list, 0);
    long y = unsigned(list, 4);
    for (int at = 8; at < list.length; at += 2) {
      int code = list[at] & 0xFF;
      int condition = list[at + 1] & 0xFF;
      int method = code & 0x3F;
      if (!applies(condition, method, amountFen, inApplicationCurrency, x, y)) {
        continue;
      }
      if (method == FAIL) {
        return new CardholderVerification(code, condition, RESULT_FAILED, false);
      }
      if (supported(method)) {
        int result = method == NO_CVM_REQUIRED ? RESULT_SUCCESSFUL : RESULT_UNKNOWN;
        return new CardholderVerification(code, condition, result, method == ONLINE_PIN);
      }
      if ((code & NEXT_IF_UNSUCCESSFUL) == 0) {
        return new CardholderVerification(code, condition, RESULT_FAILED, false);
      }
    }
    return new CardholderVerification(NO_CVM_PERFORMED, 0x00, RESULT_FAILED, false);
  }

  private static boolean supported(int method) {
    return method == ONLINE_PIN || method == SIGNATURE || method == NO_CVM_REQUIRED;
  }

  /** CVM condition codes, EMV Book 3 Annex C3 table 40. */
  private static boolean applies(int condition, int method, long amount, boolean appCurrency, long x, long y) {
    switch (condition) {
      case 0x00: // always
        return true;
      case 0x02: // if not unattended cash, not manual cash, not purchase with cashback: a purchase is none
        return true;
      case 0x03: // if the terminal supports the CVM
        return supported(method);
      case 0x06: // in the application currency and under X
        return appCurrency && amount < x;
      case 0x07: // in the application currency and over X
        return appCurrency && amount > x;
      case 0x08: // in the application currency and under Y
        return appCurrency && amount < y;
      case 0x09: // in the application currency and over Y
        return appCurrency && amount > y;
      default: // 01 unattended cash, 04 manual cash, 05 cashback: not this purchase; RFU codes never apply
        return false;
    }
  }

  private static long unsigned(byte[] b, int at) {
    return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }
}

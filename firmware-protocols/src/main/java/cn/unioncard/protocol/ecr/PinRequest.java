package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

import java.nio.charset.StandardCharsets;

/**
 * PIN REQUEST (docs/ecr-protocol.md §10), terminal to PIN pad: take the member's PIN for {@code amount} and
 * return it as an ISO 9564 format 0 block encrypted under the PIN key.
 *
 * <p>This is the one message that carries PAN digits: the 12 the format-0 PAN field is made of (the rightmost
 * 12 excluding the check digit, ISO 9564-1). {@link #toString()} never shows them.
 *
 * @param panDigits the 12 PAN-field digits
 * @param amount shown to the member, fen
 * @param algorithm the PIN key's algorithm (the block's size)
 * @param timeoutSeconds how long the PIN pad waits for the PIN, 1–255
 */
public record PinRequest(String panDigits, long amount, PinKeyAlgorithm algorithm, int timeoutSeconds) implements EcrMessage {
  public PinRequest {
    if (panDigits == null || panDigits.length() != 12 || !panDigits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("the PAN field is 12 decimal digits");
    }
    Fields.checkMoney("amount", amount);
    if (algorithm == null) {
      throw new IllegalArgumentException("PIN key algorithm missing");
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 255) {
      throw new IllegalArgumentException("PIN timeout out of 1..255 s: " + timeoutSeconds);
    }
  }

  /** The 12 PAN-field digits of a full PAN (8–19 digits): the rightmost 12 without the check digit, zero-padded. */
  public static String panField(String pan) {
    if (pan == null || pan.length() < 8 || pan.length() > 19 || !pan.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("a PAN is 8 to 19 digits");
    }
    String body = pan.substring(0, pan.length() - 1);
    String twelve = body.length() >= 12 ? body.substring(body.length() - 12) : "000000000000".substring(body.length()) + body;
    return twelve;
  }

  @Override
  public MessageType type() {
    return MessageType.PIN_REQUEST;
  }

  @Override
  public byte[] encode() {
    return Fields.message(type(), new Fields.Writer()
        .text(PAN_DIGITS, panDigits)
        .money(AMOUNT, amount)
        .code(PIN_KEY_ALGORITHM, algorithm.code())
        .code(PIN_TIMEOUT, timeoutSeconds));
  }

  static PinRequest read(Fields.Reader f) throws DecodeException {
    byte[] digits = f.bytes(PAN_DIGITS, "PAN digits", true);
    if (digits.length != 12) {
      throw new DecodeException("PIN_REQUEST: PAN digits must be 12 bytes, is " + digits.length, f.offsetOf(PAN_DIGITS));
    }
    for (int i = 0; i < 12; i++) {
      if (digits[i] < '0' || digits[i] > '9') {
        // The offset only: the digits themselves are never put in an error message.
        throw new DecodeException("PIN_REQUEST: PAN digit " + i + " is not a decimal digit", f.offsetOf(PAN_DIGITS) + i);
      }
    }
    long amount = f.money(AMOUNT, "amount", true, 0);
    PinKeyAlgorithm algorithm = PinKeyAlgorithm.fromCode(f.code(PIN_KEY_ALGORITHM, "PIN key algorithm", true), f.offsetOf(PIN_KEY_ALGORITHM));
    int timeout = f.code(PIN_TIMEOUT, "PIN timeout", true);
    if (timeout == 0) {
      throw new DecodeException("PIN_REQUEST: PIN timeout 0", f.offsetOf(PIN_TIMEOUT));
    }
    return new PinRequest(new String(digits, StandardCharsets.US_ASCII), amount, algorithm, timeout);
  }

  /** Without the PAN digits. */
  @Override
  public String toString() {
    return "PinRequest[pan digits hidden, amount=" + amount + ", algorithm=" + algorithm + ", timeout=" + timeoutSeconds + "s]";
  }
}

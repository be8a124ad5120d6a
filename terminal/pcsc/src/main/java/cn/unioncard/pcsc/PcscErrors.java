package cn.unioncard.pcsc;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts a PC/SC failure into a card failure or a reader failure by the PC/SC error name (pcsc-lite's
 * {@code pcsclite.h}, Microsoft's {@code winerror.h}), which both providers put in the exception message: the JDK
 * gives the bare name ({@code SCARD_E_NOT_TRANSACTED}), jnasmartcardio the call, the code and the name.
 */
final class PcscErrors {
  /** The card left or cannot be used; the reader is fine and the next card may work. */
  static final Set<String> CARD = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "SCARD_E_NOT_TRANSACTED", "SCARD_W_REMOVED_CARD", "SCARD_E_NO_SMARTCARD", "SCARD_W_RESET_CARD",
      "SCARD_W_UNPOWERED_CARD", "SCARD_W_UNRESPONSIVE_CARD", "SCARD_W_UNSUPPORTED_CARD", "SCARD_E_PROTO_MISMATCH",
      "SCARD_E_CARD_UNSUPPORTED")));

  /** The reader or the service went away; everything else unknown is treated the same way. */
  static final Set<String> READER = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "SCARD_E_NO_READERS_AVAILABLE", "SCARD_E_SERVICE_STOPPED", "SCARD_E_NO_SERVICE", "SCARD_E_INVALID_HANDLE",
      "SCARD_E_READER_UNAVAILABLE", "SCARD_E_UNKNOWN_READER", "SCARD_F_COMM_ERROR")));

  private static final Pattern NAME = Pattern.compile("SCARD_[EFWP]_[A-Z_]+");

  /** pcsc-lite's return codes ({@code pcsclite.h}), the same numbers as Windows' {@code winerror.h}. */
  private static final String[] CODES = {
      "80100001", "SCARD_F_INTERNAL_ERROR", "80100002", "SCARD_E_CANCELLED", "80100003", "SCARD_E_INVALID_HANDLE",
      "80100004", "SCARD_E_INVALID_PARAMETER", "80100005", "SCARD_E_INVALID_TARGET", "80100006", "SCARD_E_NO_MEMORY",
      "80100007", "SCARD_F_WAITED_TOO_LONG", "80100008", "SCARD_E_INSUFFICIENT_BUFFER",
      "80100009", "SCARD_E_UNKNOWN_READER", "8010000a", "SCARD_E_TIMEOUT", "8010000b", "SCARD_E_SHARING_VIOLATION",
      "8010000c", "SCARD_E_NO_SMARTCARD", "8010000d", "SCARD_E_UNKNOWN_CARD", "8010000e", "SCARD_E_CANT_DISPOSE",
      "8010000f", "SCARD_E_PROTO_MISMATCH", "80100010", "SCARD_E_NOT_READY", "80100011", "SCARD_E_INVALID_VALUE",
      "80100012", "SCARD_E_SYSTEM_CANCELLED", "80100013", "SCARD_F_COMM_ERROR", "80100014", "SCARD_F_UNKNOWN_ERROR",
      "80100015", "SCARD_E_INVALID_ATR", "80100016", "SCARD_E_NOT_TRANSACTED", "80100017", "SCARD_E_READER_UNAVAILABLE",
      "80100018", "SCARD_P_SHUTDOWN", "80100019", "SCARD_E_PCI_TOO_SMALL", "8010001a", "SCARD_E_READER_UNSUPPORTED",
      "8010001b", "SCARD_E_DUPLICATE_READER", "8010001c", "SCARD_E_CARD_UNSUPPORTED", "8010001d", "SCARD_E_NO_SERVICE",
      "8010001e", "SCARD_E_SERVICE_STOPPED", "8010001f", "SCARD_E_UNEXPECTED", "8010002e", "SCARD_E_NO_READERS_AVAILABLE",
      "80100065", "SCARD_W_UNSUPPORTED_CARD", "80100066", "SCARD_W_UNRESPONSIVE_CARD", "80100067", "SCARD_W_UNPOWERED_CARD",
      "80100068", "SCARD_W_RESET_CARD", "80100069", "SCARD_W_REMOVED_CARD"};

  private PcscErrors() {}

  /** The name of a PC/SC return code, or {@code "unknown PC/SC error"}. */
  static String nameOf(long code) {
    String hex = Long.toHexString(code & 0xFFFFFFFFL);
    for (int i = 0; i < CODES.length; i += 2) {
      if (CODES[i].equals(hex)) {
        return CODES[i + 1];
      }
    }
    return "unknown PC/SC error";
  }

  /** The PC/SC error name in the failure or its causes, or null. */
  static String name(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        Matcher m = NAME.matcher(c.getMessage());
        if (m.find()) {
          return m.group();
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** The failure of {@code what} (e.g. "transmit to contactless reader X") as the agent's transport exception. */
  static TransportException classify(Throwable t, String what) {
    String name = name(t);
    if (name != null && CARD.contains(name)) {
      return new CardIoException(what + ": the card left or cannot be used (" + name + ")", t);
    }
    if (name != null && READER.contains(name)) {
      return new ReaderIoException(what + ": the reader or pcscd went away (" + name + ")", t);
    }
    String detail = name != null ? name : t.getClass().getSimpleName() + ": " + t.getMessage();
    return new ReaderIoException(what + ": PC/SC failure (" + detail + ")", t);
  }
}

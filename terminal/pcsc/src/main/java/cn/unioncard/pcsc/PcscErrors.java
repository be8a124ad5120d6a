package cn.unioncard.pcsc;

import cn.unioncard.agent.card.CardIoException;
import cn.unioncard.agent.card.ReaderIoException;
import cn.unioncard.agent.card.TransportException;
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

  private PcscErrors() {}

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

package cn.unioncard.pcsc;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import java.lang.reflect.Field;
import java.util.Arrays;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SCardTransmit} of pcsc-lite called directly on the card handle jnasmartcardio opened, so the response comes
 * back exactly as the card gave it.
 *
 * <p>Why: jnasmartcardio 0.2.7's {@code CardChannel.transmit} answers {@code 61xx} and {@code 6Cxx} itself, like the
 * JDK's provider, but stops after 8 exchanges and then returns the data so far <em>without a status word</em> (tried
 * here: a response in 9 parts came back as 8 data bytes and no SW), sends GET RESPONSE with the command's CLA
 * ({@code 80} after a GPO; EMV Book 1 9.3.1.3 and ISO/IEC 7816-4 give {@code 00}), and on {@code 6Cxx} overwrites
 * the last byte of any command, Le or not. So the adapter takes the raw response here and answers {@code 61xx} and
 * {@code 6Cxx} once, above, with the agent's {@link cn.unioncard.agent.card.GetResponseTransport}.
 *
 * <p>Linux only (pcsc-lite: {@code DWORD} and {@code SCARDHANDLE} are C {@code long}s); elsewhere, or if the
 * provider's card has no handle field, {@link #get()} is null and the provider's own transmit is used.
 */
final class PcscLiteTransmit {
  private static final Logger LOG = LoggerFactory.getLogger(PcscLiteTransmit.class);
  private static final PcscLiteTransmit INSTANCE = load();

  /** The one pcsc-lite call used here ({@code winscard.h}). */
  private interface PcscLite extends Library {
    NativeLong SCardTransmit(NativeLong card, Pointer sendPci, byte[] send, NativeLong sendLength, Pointer recvPci,
        byte[] recv, NativeLongByReference recvLength);
  }

  private final PcscLite lib;
  private final Pointer t0Pci;
  private final Pointer t1Pci;
  private final Field handle;

  private PcscLiteTransmit(PcscLite lib, Pointer t0Pci, Pointer t1Pci, Field handle) {
    this.lib = lib;
    this.t0Pci = t0Pci;
    this.t1Pci = t1Pci;
    this.handle = handle;
  }

  /** The direct call, or null where it cannot be made (then use the provider's transmit). */
  static PcscLiteTransmit get() {
    return INSTANCE;
  }

  private static PcscLiteTransmit load() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      NativeLibrary native_ = NativeLibrary.getInstance("libpcsclite.so.1");
      PcscLite lib = Native.load("libpcsclite.so.1", PcscLite.class);
      Field handle = Class.forName("jnasmartcardio.Smartcardio$JnaCard").getDeclaredField("scardHandle");
      handle.setAccessible(true);
      return new PcscLiteTransmit(lib, native_.getGlobalVariableAddress("g_rgSCardT0Pci"),
          native_.getGlobalVariableAddress("g_rgSCardT1Pci"), handle);
    } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
      LOG.warn("PC/SC: cannot call SCardTransmit directly ({}); the provider will answer 61xx and 6Cxx itself", e.toString());
      return null;
    }
  }

  /** Whether {@code card} is jnasmartcardio's, which this direct call can use (another provider's card is not). */
  boolean handles(Card card) {
    return handle.getDeclaringClass().isInstance(card);
  }

  /** Sends one command APDU and returns the response as the card gave it; {@code buffer} receives it. */
  byte[] transmit(Card card, byte[] command, byte[] buffer) throws CardException {
    long h;
    try {
      h = ((Number) handle.get(card)).longValue();
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new CardException("not a jnasmartcardio card: " + card, e);
    }
    Pointer pci = "T=0".equals(card.getProtocol()) ? t0Pci : t1Pci;
    NativeLongByReference length = new NativeLongByReference(new NativeLong(buffer.length));
    long rc = lib.SCardTransmit(new NativeLong(h), pci, command, new NativeLong(command.length), null, buffer, length)
        .longValue() & 0xFFFFFFFFL;
    if (rc != 0) {
      throw new CardException("SCardTransmit got response 0x" + Long.toHexString(rc) + " (" + PcscErrors.nameOf(rc) + ")");
    }
    return Arrays.copyOf(buffer, (int) length.getValue().longValue());
  }
}

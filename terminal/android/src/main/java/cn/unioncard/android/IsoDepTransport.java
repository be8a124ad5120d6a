package cn.unioncard.android;

import android.nfc.TagLostException;
import android.nfc.tech.IsoDep;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import java.io.Closeable;
import java.io.IOException;

/**
 * A card in the phone's NFC field, reached through {@link IsoDep} (ISO/IEC 14443-4). One instance per tap:
 * {@link #connect()}, then any number of {@link #transmit}s, then {@link #close()}.
 *
 * <p>Failures are sorted the agent's two ways. The card left the field ({@link TagLostException}), stopped
 * answering, or the tag object went stale: {@link CardIoException}. NFC switched off, or the NFC service gone
 * (the platform reports it as a plain {@link IOException}; the transport then asks {@link NfcStatus}):
 * {@link ReaderIoException}. A command that needs an extended-length APDU when this phone's NFC controller
 * supports only short ones is refused before it is sent, with a {@link CardIoException} that says so.
 */
public final class IsoDepTransport implements ApduTransport, Closeable {
  /** The platform's default ISO-DEP timeout is short for an EMV card computing a cryptogram; this is not. */
  public static final int DEFAULT_TIMEOUT_MILLIS = 2000;

  private final IsoDep isoDep;
  private final int timeoutMillis;
  private final NfcStatus nfc;

  /**
   * @param timeoutMillis how long one command may take before the card counts as gone ({@link IsoDep#setTimeout})
   * @param nfc asked after an I/O error whether NFC itself went away
   */
  public IsoDepTransport(IsoDep isoDep, int timeoutMillis, NfcStatus nfc) {
    if (isoDep == null || nfc == null) {
      throw new NullPointerException("isoDep and nfc are required");
    }
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeoutMillis + " ms");
    }
    this.isoDep = isoDep;
    this.timeoutMillis = timeoutMillis;
    this.nfc = nfc;
  }

  /** Connects to the card and sets the timeout. Connecting twice is harmless. */
  public void connect() throws CardIoException, ReaderIoException {
    try {
      if (!isoDep.isConnected()) {
        isoDep.connect();
      }
      isoDep.setTimeout(timeoutMillis);
    } catch (IOException e) {
      throw cardOrReader("connect", e);
    } catch (SecurityException | IllegalStateException e) {
      // a tag from an earlier tap (SecurityException "out of date"), or the tag already closed
      throw new CardIoException("connect failed: the tag is no longer usable (" + e.getMessage() + ")", e);
    }
  }

  /** Whether a command must be sent in extended form: Lc or Le written in 3 bytes (ISO/IEC 7816-3 12.1.3). */
  static boolean isExtendedLength(byte[] command) {
    return command.length > 5 && command[4] == 0;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    if (!isoDep.isConnected()) {
      throw new CardIoException("the card is not connected (not yet connected, closed, or gone)");
    }
    if (isExtendedLength(command) && !isoDep.isExtendedLengthApduSupported()) {
      throw new CardIoException("the command needs an extended-length APDU (" + command.length
          + " bytes) but this phone's NFC controller supports only short APDUs");
    }
    int max = isoDep.getMaxTransceiveLength();
    if (command.length > max) {
      throw new CardIoException("the command is " + command.length + " bytes; this phone's NFC controller sends at most "
          + max);
    }
    byte[] response;
    try {
      response = isoDep.transceive(command);
    } catch (IOException e) {
      throw cardOrReader("transceive", e);
    } catch (SecurityException | IllegalStateException e) {
      throw new CardIoException("transceive failed: the tag is no longer usable (" + e.getMessage() + ")", e);
    }
    if (response == null || response.length < 2) {
      throw new CardIoException("the card answered " + (response == null ? "nothing" : response.length + " byte(s)")
          + ", not a response APDU (at least the two status bytes)");
    }
    return response;
  }

  /**
   * The card's failure to return, or the reader's thrown. The platform gives the tag leaving the field its own
   * type; every other I/O error (timeout, "Transceive failed", "NFC service dead") is the reader's when NFC is
   * now off, the card's otherwise.
   */
  private CardIoException cardOrReader(String what, IOException e) throws ReaderIoException {
    if (e instanceof TagLostException) {
      return new CardIoException(what + " failed: the card left the field", e);
    }
    boolean on;
    try {
      on = nfc.nfcOn();
    } catch (RuntimeException serviceGone) {
      on = false;
    }
    if (!on) {
      throw new ReaderIoException(what + " failed: NFC is off or its service is gone (" + e.getMessage() + ")", e);
    }
    return new CardIoException(what + " failed: the card did not answer (" + e.getMessage() + ")", e);
  }

  /** Closes the connection to the card; never fails. */
  @Override
  public void close() {
    try {
      isoDep.close();
    } catch (IOException | RuntimeException ignored) {
      // the card is gone or the connection was already closed: nothing left to release
    }
  }
}

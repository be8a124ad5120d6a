package cn.unioncard.agent.card;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;
import java.io.ByteArrayOutputStream;

/**
 * Completes the transport-level exchanges of ISO/IEC 7816-3 T=0 as ISO/IEC 7816-4 clause 5.3.4 and EMV Book 1
 * clause 9.3.1 describe, so the caller sees one response per command:
 *
 * <ul>
 *   <li>{@code 61xx}: sends GET RESPONSE for xx bytes and concatenates the data, at most {@link #MAX_ROUNDS}
 *       times (a card that never stops saying {@code 61xx} is a card failure, not an endless loop);
 *   <li>{@code 6Cxx}: resends the same command once with Le = xx.
 * </ul>
 *
 * Some readers (the JDK's own PC/SC provider) already do both below the API; then this wrapper never sees
 * {@code 61xx} or {@code 6Cxx} and passes the response through unchanged.
 */
public final class GetResponseTransport implements ApduTransport {
  /** GET RESPONSE rounds per command: 32 x 256 bytes is more than any EMV or transit response. */
  public static final int MAX_ROUNDS = 32;

  private final ApduTransport inner;

  public GetResponseTransport(ApduTransport inner) {
    this.inner = inner;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    byte[] response = checked(inner.transmit(command));
    int sw1 = response[response.length - 2] & 0xFF;
    if (sw1 == 0x6C) {
      response = checked(inner.transmit(withLe(command, response[response.length - 1] & 0xFF)));
      sw1 = response[response.length - 2] & 0xFF;
    }
    if (sw1 != 0x61) {
      return response;
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    int rounds = 0;
    while (sw1 == 0x61) {
      if (++rounds > MAX_ROUNDS) {
        throw new CardIoException("card still says 61xx after " + MAX_ROUNDS + " GET RESPONSE rounds");
      }
      data.write(response, 0, response.length - 2);
      int le = response[response.length - 1] & 0xFF;
      response = checked(inner.transmit(IsoCommands.getResponse(le == 0 ? 256 : le).encode()));
      sw1 = response[response.length - 2] & 0xFF;
    }
    data.write(response, 0, response.length);
    return data.toByteArray();
  }

  private static byte[] withLe(byte[] command, int le) throws CardIoException {
    try {
      return CommandApdu.parse(command).withNe(le == 0 ? 256 : le).encode();
    } catch (DecodeException e) {
      throw new CardIoException("card asked to resend a command that is not an APDU: " + e.getMessage(), e);
    }
  }

  private static byte[] checked(byte[] response) throws CardIoException {
    if (response == null || response.length < 2) {
      throw new CardIoException(
          "card answered " + (response == null ? 0 : response.length) + " byte(s): no status word");
    }
    return response;
  }
}

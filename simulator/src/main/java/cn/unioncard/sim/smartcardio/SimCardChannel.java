package cn.unioncard.sim.smartcardio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The basic channel. As the JDK's provider does on pcsc-lite, it answers {@code 6Cxx} by sending the command again
 * with Le = xx, and {@code 61xx} by GET RESPONSE until the card has given everything, so callers never see either.
 */
final class SimCardChannel extends CardChannel {
  /** A card that keeps answering 61xx is broken: stop after this many GET RESPONSE rounds. */
  static final int MAX_GET_RESPONSE = 256;

  private final SimCard card;

  SimCardChannel(SimCard card) {
    this.card = card;
  }

  @Override
  public Card getCard() {
    return card;
  }

  @Override
  public int getChannelNumber() {
    card.checkConnected();
    return 0;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws CardException {
    return new ResponseAPDU(exchange(command.getBytes()));
  }

  @Override
  public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
    byte[] c = new byte[command.remaining()];
    command.get(c);
    byte[] r = exchange(c);
    if (response.remaining() < r.length) {
      throw new IllegalArgumentException("response buffer has " + response.remaining() + " bytes, needs " + r.length);
    }
    response.put(r);
    return r.length;
  }

  @Override
  public void close() throws CardException {
    throw new IllegalStateException("Cannot close basic logical channel");
  }

  private byte[] exchange(byte[] command) throws CardException {
    if (command.length < 4) {
      throw new IllegalArgumentException("a command APDU has at least 4 bytes, not " + command.length);
    }
    byte[] response = checked(card.exchange(command));
    int sw1 = response[response.length - 2] & 0xFF;
    if (sw1 == 0x6C) {
      response = checked(card.exchange(withLe(command, response[response.length - 1])));
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int round = 0; (response[response.length - 2] & 0xFF) == 0x61; round++) {
      if (round == MAX_GET_RESPONSE) {
        throw new CardException("the card answered 61xx " + MAX_GET_RESPONSE + " times in a row");
      }
      data.write(response, 0, response.length - 2);
      byte[] getResponse = {(byte) (command[0] & 0x03), (byte) 0xC0, 0, 0, response[response.length - 1]};
      response = checked(card.exchange(getResponse));
    }
    if (data.size() == 0) {
      return response;
    }
    data.write(response, 0, response.length);
    return data.toByteArray();
  }

  private static byte[] checked(byte[] response) throws CardException {
    if (response == null || response.length < 2) {
      throw new CardException("transmit() failed", new SimPcscException("SCARD_F_COMM_ERROR"));
    }
    return response;
  }

  /** The same command with its Le set to {@code le} (a short Le). */
  private static byte[] withLe(byte[] command, byte le) {
    CommandAPDU c = new CommandAPDU(command);
    int ne = (le & 0xFF) == 0 ? 256 : le & 0xFF;
    byte[] data = c.getData();
    CommandAPDU again =
        data.length == 0
            ? new CommandAPDU(c.getCLA(), c.getINS(), c.getP1(), c.getP2(), ne)
            : new CommandAPDU(c.getCLA(), c.getINS(), c.getP1(), c.getP2(), data, ne);
    return again.getBytes();
  }
}

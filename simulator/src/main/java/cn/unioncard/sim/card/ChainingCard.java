package cn.unioncard.sim.card;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.util.Arrays;

/**
 * A card that returns long responses in pieces, as a T=0 card does (ISO/IEC 7816-4 5.3.4, EMV Book 1 9.3.1):
 *
 * <ul>
 *   <li>a response with more than {@code chunkSize} data bytes comes back as its first {@code chunkSize} bytes
 *       and {@code 61xx} (xx: bytes still available, {@code 00} for 256 or more); GET RESPONSE
 *       ({@code 00 C0 00 00 Le}) returns the next piece, at most Le and at most {@code chunkSize} bytes, with
 *       {@code 61xx} again while more remains and the command's own status word with the last piece;
 *   <li>a wrong Le gets {@code 6Cxx} with the right one: a case 2 command (no data) whose Le (1-255) is shorter
 *       than the response, and a GET RESPONSE whose Le (1-255) is longer than what remains.
 * </ul>
 *
 * Any other command drops the response still waiting.
 */
public final class ChainingCard implements FieldCard {
  private final FieldCard inner;
  private final int chunkSize;
  private byte[] pending;
  private int pendingSw;

  public ChainingCard(FieldCard inner, int chunkSize) {
    if (chunkSize < 1 || chunkSize > 256) {
      throw new IllegalArgumentException("chunk size 1..256: " + chunkSize);
    }
    this.inner = inner;
    this.chunkSize = chunkSize;
  }

  @Override
  public synchronized byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    CommandApdu c = null;
    try {
      c = CommandApdu.parse(command);
    } catch (DecodeException | RuntimeException unparsable) {
      // the card below answers it (6700)
    }
    if (c != null && c.cla() == 0x00 && c.ins() == 0xC0 && pending != null) {
      if (c.p1() != 0 || c.p2() != 0) {
        return sw(0x6A86);
      }
      int le = c.ne() == 0 ? 256 : c.ne();
      if (le < 256 && le > pending.length) {
        return sw(0x6C00 | pending.length);
      }
      return next(Math.min(le, chunkSize));
    }
    pending = null;
    byte[] r = inner.transmit(command);
    if (c == null || r.length < 2) {
      return r;
    }
    int dataLength = r.length - 2;
    int sw = ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
    if (c.isoCase() == 2 && c.ne() < 256 && c.ne() < dataLength && dataLength <= 256) {
      // T=0 answers a wrong P3 with 6Cxx before it runs the command; the command here already ran, so only
      // commands that change nothing (case 2: READ RECORD, GET DATA, ...) are refused this way
      return sw(0x6C00 | (dataLength & 0xFF));
    }
    if (dataLength <= chunkSize) {
      return r;
    }
    pending = Arrays.copyOf(r, dataLength);
    pendingSw = sw;
    return next(chunkSize);
  }

  private byte[] next(int n) {
    int take = Math.min(n, pending.length);
    byte[] out = Arrays.copyOf(pending, take + 2);
    byte[] rest = Arrays.copyOfRange(pending, take, pending.length);
    if (rest.length == 0) {
      out[take] = (byte) (pendingSw >> 8);
      out[take + 1] = (byte) pendingSw;
      pending = null;
    } else {
      out[take] = 0x61;
      out[take + 1] = (byte) (rest.length >= 256 ? 0 : rest.length);
      pending = rest;
    }
    return out;
  }

  private static byte[] sw(int sw) {
    return new byte[] {(byte) (sw >> 8), (byte) sw};
  }

  @Override
  public byte[] atr() {
    return inner.atr();
  }

  @Override
  public synchronized void leaveField() {
    pending = null;
    inner.leaveField();
  }

  @Override
  public synchronized void enterField() {
    pending = null;
    inner.enterField();
  }

  @Override
  public boolean inField() {
    return inner.inField();
  }
}

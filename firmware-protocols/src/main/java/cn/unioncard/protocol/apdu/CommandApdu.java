package cn.unioncard.protocol.apdu;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.util.Arrays;

/**
 * A command APDU (ISO/IEC 7816-4:2020 clause 5.1): header CLA INS P1 P2, optional command data (Nc bytes),
 * and the maximum number of response bytes expected (Ne).
 *
 * <p>Ne is 0 when no Le field is sent; 256 is sent as short Le {@code 00}, 65536 as extended Le
 * {@code 0000}. The encoding is short unless Nc &gt; 255 or Ne &gt; 256, which need the extended form.
 */
public final class CommandApdu {
  /** Largest Nc: 65535 bytes (extended Lc). */
  public static final int MAX_NC = 65535;
  /** Largest Ne: 65536 (extended Le {@code 0000}). */
  public static final int MAX_NE = 65536;

  private final int cla;
  private final int ins;
  private final int p1;
  private final int p2;
  private final byte[] data;
  private final int ne;
  private final boolean extendedForm;

  public CommandApdu(int cla, int ins, int p1, int p2) {
    this(cla, ins, p1, p2, new byte[0], 0);
  }

  public CommandApdu(int cla, int ins, int p1, int p2, int ne) {
    this(cla, ins, p1, p2, new byte[0], ne);
  }

  public CommandApdu(int cla, int ins, int p1, int p2, byte[] data) {
    this(cla, ins, p1, p2, data, 0);
  }

  public CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
    this(cla, ins, p1, p2, data, ne, false);
  }

  private CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne, boolean extendedForm) {
    checkByte(cla, "CLA");
    checkByte(ins, "INS");
    checkByte(p1, "P1");
    checkByte(p2, "P2");
    if (data.length > MAX_NC) {
      throw new IllegalArgumentException("command data longer than " + MAX_NC + ": " + data.length);
    }
    if (ne < 0 || ne > MAX_NE) {
      throw new IllegalArgumentException("Ne out of range: " + ne);
    }
    this.cla = cla;
    this.ins = ins;
    this.p1 = p1;
    this.p2 = p2;
    this.data = data.clone();
    this.ne = ne;
    this.extendedForm = extendedForm || data.length > 255 || ne > 256;
  }

  /** Parses an encoded command APDU in any of the seven ISO 7816-4 forms (clause 5.1, table 5). */
  public static CommandApdu parse(byte[] apdu) throws DecodeException {
    ByteReader r = new ByteReader(apdu);
    int cla = r.u8("CLA");
    int ins = r.u8("INS");
    int p1 = r.u8("P1");
    int p2 = r.u8("P2");
    int body = r.remaining();
    if (body == 0) { // case 1
      return new CommandApdu(cla, ins, p1, p2);
    }
    int first = r.u8("Lc or Le");
    if (body == 1) { // case 2 short
      return new CommandApdu(cla, ins, p1, p2, first == 0 ? 256 : first);
    }
    if (first != 0) { // short Lc: case 3S or 4S
      byte[] data = r.bytes(first, "command data (Lc=" + first + ")");
      if (!r.hasRemaining()) {
        return new CommandApdu(cla, ins, p1, p2, data, 0);
      }
      int le = r.u8("Le");
      r.expectEnd("short command APDU");
      return new CommandApdu(cla, ins, p1, p2, data, le == 0 ? 256 : le);
    }
    // first byte 00 and more than one byte of body: extended length
    if (body == 3) { // case 2 extended
      int le = r.u16("extended Le");
      return new CommandApdu(cla, ins, p1, p2, new byte[0], le == 0 ? MAX_NE : le, true);
    }
    int lc = r.u16("extended Lc");
    if (lc == 0) {
      throw new DecodeException("extended Lc of 0", 5);
    }
    byte[] data = r.bytes(lc, "command data (extended Lc=" + lc + ")");
    if (!r.hasRemaining()) {
      return new CommandApdu(cla, ins, p1, p2, data, 0, true);
    }
    int le = r.u16("extended Le");
    r.expectEnd("extended command APDU");
    return new CommandApdu(cla, ins, p1, p2, data, le == 0 ? MAX_NE : le, true);
  }

  public int cla() {
    return cla;
  }

  public int ins() {
    return ins;
  }

  public int p1() {
    return p1;
  }

  public int p2() {
    return p2;
  }

  /** A copy of the command data (empty when there is none). */
  public byte[] data() {
    return data.clone();
  }

  /** Nc, the length of the command data. */
  public int nc() {
    return data.length;
  }

  /** Ne, the maximum response length expected; 0 when no Le field is sent. */
  public int ne() {
    return ne;
  }

  /** ISO 7816-4 case: 1 (no data, no Le), 2 (Le), 3 (data), 4 (data and Le). */
  public int isoCase() {
    if (data.length == 0) {
      return ne == 0 ? 1 : 2;
    }
    return ne == 0 ? 3 : 4;
  }

  /**
   * Whether the encoding uses extended length fields: because Nc &gt; 255 or Ne &gt; 256 need them, or because
   * the command was parsed (or made with {@link #inExtendedForm()}) in extended form, which ISO 7816-4 allows for
   * any length and which is kept so the command re-encodes to the bytes it came from.
   */
  public boolean isExtended() {
    return extendedForm;
  }

  /** The same command, encoded with extended length fields. */
  public CommandApdu inExtendedForm() {
    return new CommandApdu(cla, ins, p1, p2, data, ne, true);
  }

  /** The same command with another Ne (for a {@code 6Cxx} resend), in the same form. */
  public CommandApdu withNe(int newNe) {
    return new CommandApdu(cla, ins, p1, p2, data, newNe, extendedForm);
  }

  /** The four header bytes CLA INS P1 P2. */
  public byte[] header() {
    return new byte[] {(byte) cla, (byte) ins, (byte) p1, (byte) p2};
  }

  public byte[] encode() {
    boolean ext = isExtended();
    int len = 4;
    if (data.length > 0) {
      len += (ext ? 3 : 1) + data.length;
    }
    if (ne > 0) {
      len += ext ? (data.length > 0 ? 2 : 3) : 1;
    }
    byte[] out = new byte[len];
    out[0] = (byte) cla;
    out[1] = (byte) ins;
    out[2] = (byte) p1;
    out[3] = (byte) p2;
    int i = 4;
    if (data.length > 0) {
      if (ext) {
        out[i++] = 0;
        out[i++] = (byte) (data.length >> 8);
        out[i++] = (byte) data.length;
      } else {
        out[i++] = (byte) data.length;
      }
      System.arraycopy(data, 0, out, i, data.length);
      i += data.length;
    }
    if (ne > 0) {
      if (ext) {
        if (data.length == 0) {
          out[i++] = 0;
        }
        int le = ne == MAX_NE ? 0 : ne;
        out[i++] = (byte) (le >> 8);
        out[i] = (byte) le;
      } else {
        out[i] = (byte) (ne == 256 ? 0 : ne);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CommandApdu)) {
      return false;
    }
    CommandApdu c = (CommandApdu) o;
    return cla == c.cla && ins == c.ins && p1 == c.p1 && p2 == c.p2 && ne == c.ne
        && extendedForm == c.extendedForm && Arrays.equals(data, c.data);
  }

  @Override
  public int hashCode() {
    return ((((cla * 31 + ins) * 31 + p1) * 31 + p2) * 31 + ne) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return Hex.encode(encode());
  }

  private static void checkByte(int v, String name) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException(name + " out of range: " + v);
    }
  }
}

package cn.unioncard.protocol.crypto;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The two encodings of an (r, s) signature on a 256-bit curve. The signing methods of {@link Sm2} and {@link
 * EcdsaP256} produce and accept the <b>raw</b> form {@code r ‖ s}, 32 bytes each (64 bytes; GM/T 0009 "SM2
 * signature value" as card data and most device protocols carry it, and JWS ES256). X.509 and CMS carry the
 * <b>DER</b> form {@code SEQUENCE { INTEGER r, INTEGER s }} (SEC 1 §C.8, GB/T 35276 SM2Signature): convert
 * with {@link #toDer} and {@link #fromDer}.
 */
public final class DsaSignature {
  /** Length of the raw form. */
  public static final int RAW_LENGTH = 64;

  private DsaSignature() {}

  /** DER {@code SEQUENCE { INTEGER r, INTEGER s }} from the raw 64-byte {@code r ‖ s}. */
  public static byte[] toDer(byte[] raw) {
    Keys.requireLength(raw, RAW_LENGTH, "raw signature");
    byte[] r = derInteger(Arrays.copyOfRange(raw, 0, 32));
    byte[] s = derInteger(Arrays.copyOfRange(raw, 32, 64));
    ByteArrayOutputStream out = new ByteArrayOutputStream(72);
    out.write(0x30);
    out.write(r.length + s.length);
    out.write(r, 0, r.length);
    out.write(s, 0, s.length);
    return out.toByteArray();
  }

  /**
   * The raw 64-byte {@code r ‖ s} from a strict DER signature: one SEQUENCE of two positive, minimally
   * encoded INTEGERs of at most 32 value bytes, and nothing after it.
   *
   * @throws DecodeException on any other input
   */
  public static byte[] fromDer(byte[] der) throws DecodeException {
    if (der == null) {
      throw new DecodeException("no signature", DecodeException.NO_OFFSET);
    }
    ByteReader in = new ByteReader(der);
    if (in.u8("SEQUENCE tag") != 0x30) {
      throw new DecodeException("signature is not a DER SEQUENCE", 0);
    }
    int length = in.u8("SEQUENCE length");
    if (length >= 0x80) {
      throw new DecodeException("SEQUENCE length of a 256-bit signature is always short form", 1);
    }
    ByteReader seq = in.slice(length, "SEQUENCE content");
    in.expectEnd("DER signature");
    byte[] out = new byte[RAW_LENGTH];
    readInteger(seq, out, 0, "r");
    readInteger(seq, out, 32, "s");
    seq.expectEnd("SEQUENCE");
    return out;
  }

  private static void readInteger(ByteReader in, byte[] out, int at, String what) throws DecodeException {
    int start = in.offset();
    if (in.u8(what + " tag") != 0x02) {
      throw new DecodeException(what + " is not an INTEGER", start);
    }
    int length = in.u8(what + " length");
    if (length == 0 || length > 33) {
      throw new DecodeException(what + " INTEGER length " + length + " is not 1..33", start + 1);
    }
    byte[] v = in.bytes(length, what);
    if ((v[0] & 0x80) != 0) {
      throw new DecodeException(what + " is negative", start + 2);
    }
    if (length > 1 && v[0] == 0 && (v[1] & 0x80) == 0) {
      throw new DecodeException(what + " is not minimally encoded", start + 2);
    }
    int skip = v[0] == 0 ? 1 : 0;
    int n = length - skip;
    if (n > 32) {
      throw new DecodeException(what + " is longer than 32 bytes", start + 2);
    }
    System.arraycopy(v, skip, out, at + 32 - n, n);
  }

  private static byte[] derInteger(byte[] unsigned32) {
    int i = 0;
    while (i < unsigned32.length - 1 && unsigned32[i] == 0) {
      i++;
    }
    boolean pad = (unsigned32[i] & 0x80) != 0;
    int n = unsigned32.length - i + (pad ? 1 : 0);
    byte[] out = new byte[2 + n];
    out[0] = 0x02;
    out[1] = (byte) n;
    System.arraycopy(unsigned32, i, out, 2 + (pad ? 1 : 0), unsigned32.length - i);
    return out;
  }
}

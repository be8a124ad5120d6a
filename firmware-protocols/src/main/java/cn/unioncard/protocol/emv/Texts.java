package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text on the card: EMV {@code an}/{@code ans} values are ASCII (EMV Book 3 clause 4.3, the common character
 * set); Chinese issuers write cardholder and merchant names in GBK (GB 18030's two-byte subset), which no
 * ASCII byte can start. So: printable ASCII only, then ASCII; any byte of {@code 80}-{@code FE}, then GBK.
 */
final class Texts {
  private static final Charset GBK = Charset.forName("GBK");

  private Texts() {}

  /** Whether every byte is printable ASCII ({@code 20}-{@code 7E}). */
  static boolean isPrintableAscii(byte[] v) {
    for (byte b : v) {
      int c = b & 0xFF;
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code v} as ASCII when it is printable ASCII, otherwise as GBK; control bytes ({@code 00}-{@code 1F},
   * {@code 7F}) and malformed or unmappable GBK fail with the offset of the offending byte.
   */
  static String asciiOrGbk(byte[] v, String what) throws DecodeException {
    for (int i = 0; i < v.length; i++) {
      int c = v[i] & 0xFF;
      if (c < 0x20 || c == 0x7F) {
        throw new DecodeException(what + ": control byte " + Hex.byteToHex(c), i);
      }
    }
    if (isPrintableAscii(v)) {
      return new String(v, StandardCharsets.US_ASCII);
    }
    CharsetDecoder dec =
        GBK.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(v);
    CharBuffer out = CharBuffer.allocate(v.length);
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) {
      r = dec.flush(out);
    }
    if (r.isError()) {
      throw new DecodeException(what + ": not ASCII and not valid GBK", in.position());
    }
    return new String(out.array(), 0, out.position());
  }

  /** {@code s} without trailing spaces (ASCII space and the ideographic space U+3000). */
  static String trimTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\u3000')) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Encodes text for a test or a simulator: ASCII when it is ASCII, otherwise GBK. */
  static byte[] encodeAsciiOrGbk(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7E) {
        return s.getBytes(GBK);
      }
    }
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

package cn.unioncard.agent.card;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tlv;
import java.util.List;

/**
 * Hex of APDUs for logs and traces, with card data that identifies a person masked: the PAN in {@code 5A} and
 * in track 2 ({@code 57}, {@code 9F6B}) keeps its first six and last four digits; track 1 ({@code 56}, {@code 9F1F}),
 * cardholder names ({@code 5F20}, {@code 9F0B}) and the transit cardholder file ({@code 0016}) are masked whole;
 * so is data that is not TLV unless it is short or a transit purse answer (a piece of a chained response could
 * otherwise show a PAN).
 */
public final class ApduRedactor {
  private static final int READ_BINARY = 0xB0;
  private static final int HOLDER_FILE_SFI = 0x16;

  private ApduRedactor() {}

  /** Hex of a command APDU (commands carry no card data worth masking). */
  public static String command(byte[] command) {
    return Hex.encode(command);
  }

  /** Hex of a response APDU, masked; {@code command} tells what was read. */
  public static String response(byte[] command, byte[] response) {
    if (response.length < 2) {
      return Hex.encode(response);
    }
    int n = response.length - 2;
    String sw = Hex.encode(response, n, 2);
    if (n == 0) {
      return sw;
    }
    if (command.length >= 3
        && (command[1] & 0xFF) == READ_BINARY
        && (command[2] & 0xFF) == (0x80 | HOLDER_FILE_SFI)) {
      return stars(2 * n) + sw;
    }
    byte[] data = java.util.Arrays.copyOf(response, n);
    List<Tlv> objects;
    try {
      objects = BerTlv.decode(data);
    } catch (DecodeException notTlv) {
      // Data that is not TLV is shown only when it cannot carry a PAN: a short answer (a balance, a counter, a
      // MAC, a challenge) or the answer to a transit purse command or file. Anything else (part of a response a
      // card sends in 61xx pieces, a proprietary answer) is masked whole.
      return (n <= 8 || isTransitAnswer(command) ? Hex.encode(data) : stars(2 * n)) + sw;
    }
    StringBuilder sb = new StringBuilder(2 * n + 4);
    for (Tlv t : objects) {
      append(sb, t);
    }
    return sb + sw;
  }

  /** Purse commands (CLA 80) and the transit files with no cardholder data (0015, 0017, 0018, 001A, 001E). */
  private static boolean isTransitAnswer(byte[] command) {
    if (command.length < 4) {
      return false;
    }
    int cla = command[0] & 0xFF;
    int ins = command[1] & 0xFF;
    if (cla == 0x80 && ins != 0xCA && ins != 0xA8 && ins != 0xAE) {
      return true; // not GET DATA, GPO or GENERATE AC of the debit application
    }
    if (ins == READ_BINARY && (command[2] & 0x80) != 0) {
      int sfi = command[2] & 0x1F;
      return sfi == 0x15 || sfi == 0x17;
    }
    if (ins == 0xB2) {
      int sfi = (command[3] & 0xFF) >> 3;
      return sfi == 0x18 || sfi == 0x1A || sfi == 0x1E;
    }
    return false;
  }

  private static void append(StringBuilder sb, Tlv t) {
    if (t.isConstructed()) {
      byte[] enc = t.encode();
      int header = enc.length - t.length();
      sb.append(Hex.encode(enc, 0, header));
      for (Tlv c : t.children()) {
        append(sb, c);
      }
      return;
    }
    byte[] enc = t.encode();
    int header = enc.length - t.length();
    sb.append(Hex.encode(enc, 0, header));
    String value = Hex.encode(t.value());
    switch (t.tag().value()) {
      case 0x5A:
      case 0x57:
      case 0x9F6B:
        sb.append(maskDigits(value));
        break;
      case 0x56:
      case 0x9F1F:
      case 0x5F20:
      case 0x9F0B:
        sb.append(stars(value.length()));
        break;
      default:
        sb.append(value);
    }
  }

  /**
   * The PAN digits before any separator or padding masked as {@link Pan#masked()} masks them (one rule for the
   * whole project); everything after them (track 2's expiry and discretionary data) masked whole.
   */
  static String maskDigits(String hex) {
    int end = hex.length();
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (c == 'D' || c == 'F') {
        end = i;
        break;
      }
    }
    try {
      return Pan.parse(hex.substring(0, end)).masked() + stars(hex.length() - end);
    } catch (DecodeException notAPan) {
      return stars(hex.length());
    }
  }

  private static String stars(int n) {
    char[] c = new char[n];
    java.util.Arrays.fill(c, '*');
    return new String(c);
  }
}

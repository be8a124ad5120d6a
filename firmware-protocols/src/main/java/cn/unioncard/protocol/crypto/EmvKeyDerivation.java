package cn.unioncard.protocol.crypto;

import org.bouncycastle.crypto.digests.SHA1Digest;

/**
 * Issuer-side derivation of ICC master keys and session keys for application cryptograms (TDEA, 16-byte
 * keys).
 *
 * <ul>
 *   <li>ICC master key, EMV 4.x Book 2 Annex A1.4.1 (Option A) and A1.4.2 (Option B, for PANs longer than 16
 *       digits), with odd parity.
 *   <li>EMV common session key, Book 2 Annex A1.3.1.
 *   <li>The PBOC 2.0/3.0 session key ({@code 9F10} CVN {@code 01}), as the Chinese PBOC HSM simulator in
 *       billzbh/XML2Java {@code hsmsimu.c} ({@code iKeyVerifyAc0}) implements it (shared/vectors/crypto.md
 *       §2.3).
 * </ul>
 */
public final class EmvKeyDerivation {
  private EmvKeyDerivation() {}

  /**
   * ICC master key, Option A (EMV Book 2 A1.4.1): Y = the rightmost 16 digits of PAN‖PSN (left-padded with
   * zeros when shorter), {@code MK = TDEA(IMK, Y) ‖ TDEA(IMK, Y ⊕ FF…FF)}, odd parity.
   *
   * @param pan the PAN digits (tag 5A without F padding)
   * @param psn the two PAN sequence number digits (tag 5F34), {@code "00"} when the card has none
   */
  public static byte[] iccMasterKeyOptionA(byte[] imk, String pan, String psn) {
    checkDigits(pan, 1, 19, "PAN");
    checkDigits(psn, 2, 2, "PAN sequence number");
    return optionA(imk, pan + psn);
  }

  /**
   * ICC master key, Option B (EMV Book 2 A1.4.2). For a PAN of at most 16 digits this is Option A. Otherwise
   * X = PAN‖PSN (a leading 0 digit makes it whole bytes), Y = SHA-1(X) decimalised to 16 digits (first the
   * decimal digits of the hash in order, then the hex digits A–F as 0–5), and Option A is applied to Y.
   */
  public static byte[] iccMasterKeyOptionB(byte[] imk, String pan, String psn) {
    checkDigits(pan, 1, 19, "PAN");
    checkDigits(psn, 2, 2, "PAN sequence number");
    if (pan.length() <= 16) {
      return optionA(imk, pan + psn);
    }
    String x = pan + psn;
    if (x.length() % 2 != 0) {
      x = "0" + x;
    }
    byte[] packed = packDigits(x);
    SHA1Digest sha1 = new SHA1Digest();
    sha1.update(packed, 0, packed.length);
    byte[] hash = new byte[20];
    sha1.doFinal(hash, 0);
    StringBuilder y = new StringBuilder(16);
    for (int i = 0; i < 40 && y.length() < 16; i++) {
      int nibble = nibble(hash, i);
      if (nibble < 10) {
        y.append((char) ('0' + nibble));
      }
    }
    for (int i = 0; i < 40 && y.length() < 16; i++) {
      int nibble = nibble(hash, i);
      if (nibble >= 10) {
        y.append((char) ('0' + nibble - 10));
      }
    }
    Keys.wipe(hash);
    return optionA(imk, y.toString());
  }

  /**
   * EMV common session key (Book 2 A1.3.1): {@code SK = TDEA(MK, R with R[2]=F0) ‖ TDEA(MK, R with R[2]=0F)},
   * odd parity. For the AC session key R is {@code ATC ‖ 00 00 00 00 00 00}.
   *
   * @param r the 8-byte diversification value R
   */
  public static byte[] commonSessionKey(byte[] mk, byte[] r) {
    Keys.requireLength(mk, 16, "ICC master key");
    Keys.requireLength(r, 8, "R");
    byte[] left = r.clone();
    byte[] right = r.clone();
    left[2] = (byte) 0xF0;
    right[2] = (byte) 0x0F;
    return parityPair(mk, left, right);
  }

  /** The EMV common session key for application cryptograms: R = {@code ATC ‖ 00 00 00 00 00 00}. */
  public static byte[] commonSessionKeyForAc(byte[] mk, byte[] atc) {
    Keys.requireLength(atc, 2, "ATC");
    byte[] r = new byte[8];
    r[0] = atc[0];
    r[1] = atc[1];
    return commonSessionKey(mk, r);
  }

  /**
   * The PBOC session key (crypto.md §2.3, billzbh/XML2Java {@code hsmsimu.c}): {@code SK = TDEA(MK, 00…00 ‖
   * ATC) ‖ TDEA(MK, 00…00 ‖ (ATC ⊕ FFFF))}, 6 zero bytes before the ATC. No parity adjustment.
   */
  public static byte[] pbocSessionKey(byte[] mk, byte[] atc) {
    Keys.requireLength(mk, 16, "ICC master key");
    Keys.requireLength(atc, 2, "ATC");
    byte[] left = new byte[8];
    byte[] right = new byte[8];
    left[6] = atc[0];
    left[7] = atc[1];
    right[6] = (byte) ~atc[0];
    right[7] = (byte) ~atc[1];
    byte[] l = BlockAlgorithm.TDEA.encryptEcb(mk, left);
    byte[] rr = BlockAlgorithm.TDEA.encryptEcb(mk, right);
    byte[] sk = Keys.concat(l, rr);
    Keys.wipe(l, rr);
    return sk;
  }

  /**
   * The EMV2000 tree session key (EMV 4.x Book 2 A1.3.2, the method of EMV 2000): a tree of height {@code h}
   * and branch factor {@code b} over the ICC master key, with {@code IK(0,0) = MK} and {@code IK(-1,0) = IV},
   * {@code IK(i,j) = f(IK(i-1, j div b), IK(i-2, j div b²), j)} where {@code f(X, Y, j) = TDEA(X, Y_L ⊕ (j mod
   * b)) ‖ TDEA(X, Y_R ⊕ (j mod b) ⊕ F0)} (the index as an 8-byte number), and the session key for the ATC is
   * {@code IK(h, ATC) ⊕ IK(h-2, ATC div b²)} with odd parity.
   *
   * @param branchFactor b, 2 or more; {@code b^h} must cover every ATC value (2<sup>16</sup>)
   * @param height h, 2 or more
   * @param iv the 16-byte initial value
   */
  public static byte[] emv2000TreeSessionKey(byte[] mk, byte[] atc, int branchFactor, int height, byte[] iv) {
    Keys.requireLength(mk, 16, "ICC master key");
    Keys.requireLength(atc, 2, "ATC");
    Keys.requireLength(iv, 16, "IV");
    if (branchFactor < 2 || height < 2 || Math.pow(branchFactor, height) < 65536) {
      throw new IllegalArgumentException(
          "a tree of branch factor " + branchFactor + " and height " + height + " does not cover 65536 ATCs");
    }
    long leaf = ((atc[0] & 0xFF) << 8) | (atc[1] & 0xFF);
    // ik[i + 1] is IK(i, leaf div b^(h-i)) on the path from the root to the leaf: ik[0] = IV, ik[1] = MK
    byte[][] ik = new byte[height + 2][];
    ik[0] = iv.clone();
    ik[1] = mk.clone();
    for (int i = 1; i <= height; i++) {
      long j = leaf / (long) Math.pow(branchFactor, height - i);
      ik[i + 1] = treeStep(ik[i], ik[i - 1], j % branchFactor);
    }
    byte[] sk = new byte[16];
    for (int k = 0; k < 16; k++) {
      sk[k] = (byte) (ik[height + 1][k] ^ ik[height - 1][k]);
    }
    Keys.wipe(ik);
    byte[] adjusted = Keys.withOddParity(sk);
    Keys.wipe(sk);
    return adjusted;
  }

  /** f(X, Y, j) of Book 2 A1.3.2. */
  private static byte[] treeStep(byte[] x, byte[] y, long jModB) {
    byte[] left = new byte[8];
    byte[] right = new byte[8];
    System.arraycopy(y, 0, left, 0, 8);
    System.arraycopy(y, 8, right, 0, 8);
    for (int k = 0; k < 8; k++) {
      byte index = (byte) (jModB >>> (8 * (7 - k)));
      left[k] ^= index;
      right[k] ^= index;
    }
    right[7] ^= (byte) 0xF0;
    byte[] l = BlockAlgorithm.TDEA.encryptEcb(x, left);
    byte[] r = BlockAlgorithm.TDEA.encryptEcb(x, right);
    byte[] out = Keys.concat(l, r);
    Keys.wipe(left, right, l, r);
    return out;
  }

  private static byte[] optionA(byte[] imk, String panAndPsn) {
    Keys.requireLength(imk, 16, "issuer master key");
    String digits = panAndPsn;
    if (digits.length() > 16) {
      digits = digits.substring(digits.length() - 16);
    }
    while (digits.length() < 16) {
      digits = "0" + digits;
    }
    byte[] y = packDigits(digits);
    byte[] notY = new byte[8];
    for (int i = 0; i < 8; i++) {
      notY[i] = (byte) ~y[i];
    }
    return parityPair(imk, y, notY);
  }

  private static byte[] parityPair(byte[] key, byte[] left, byte[] right) {
    byte[] l = BlockAlgorithm.TDEA.encryptEcb(key, left);
    byte[] r = BlockAlgorithm.TDEA.encryptEcb(key, right);
    byte[] joined = Keys.concat(l, r);
    byte[] out = Keys.withOddParity(joined);
    Keys.wipe(l, r, joined);
    return out;
  }

  private static int nibble(byte[] b, int i) {
    int v = b[i / 2] & 0xFF;
    return i % 2 == 0 ? v >>> 4 : v & 0x0F;
  }

  static byte[] packDigits(String digits) {
    byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (((digits.charAt(2 * i) - '0') << 4) | (digits.charAt(2 * i + 1) - '0'));
    }
    return out;
  }

  static void checkDigits(String s, int min, int max, String what) {
    if (s == null || s.length() < min || s.length() > max) {
      throw new IllegalArgumentException(what + " must be " + min + ".." + max + " digits");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(what + " must be digits only");
      }
    }
  }
}

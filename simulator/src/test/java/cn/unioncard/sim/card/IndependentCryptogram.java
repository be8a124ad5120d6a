package cn.unioncard.sim.card;

import cn.unioncard.protocol.Hex;
import java.io.ByteArrayOutputStream;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The card's cryptogram recipe (docs/card-profile.md "Cryptograms") written a second time from BouncyCastle's
 * primitives only, as the bank's side would, without the project's key derivation and MAC classes.
 */
final class IndependentCryptogram {
  private IndependentCryptogram() {}

  static byte[] tdes(byte[] key16, byte[] block) {
    DESedeEngine e = new DESedeEngine();
    byte[] k24 = new byte[24];
    System.arraycopy(key16, 0, k24, 0, 16);
    System.arraycopy(key16, 0, k24, 16, 8);
    e.init(true, new KeyParameter(k24));
    byte[] out = new byte[8];
    e.processBlock(block, 0, out, 0);
    return out;
  }

  /** EMV option A: Y = rightmost 16 digits of PAN ‖ PSN; MK = TDEA(IMK, Y) ‖ TDEA(IMK, Y xor FF..FF). */
  static byte[] iccMasterKey(String imkHex, String pan, String psn) {
    String digits = pan + psn;
    String y = digits.substring(digits.length() - 16);
    byte[] yb = Hex.of(y);
    byte[] yInv = new byte[8];
    for (int i = 0; i < 8; i++) {
      yInv[i] = (byte) ~yb[i];
    }
    byte[] imk = Hex.of(imkHex);
    byte[] mk = new byte[16];
    System.arraycopy(tdes(imk, yb), 0, mk, 0, 8);
    System.arraycopy(tdes(imk, yInv), 0, mk, 8, 8);
    return mk; // parity bits do not change DES
  }

  /** PBOC: SK = TDEA(MK, 000000000000 ‖ ATC) ‖ TDEA(MK, 000000000000 ‖ ATC xor FFFF). */
  static byte[] sessionKey(byte[] mk, int atc) {
    byte[] l = new byte[8];
    byte[] r = new byte[8];
    l[6] = (byte) (atc >> 8);
    l[7] = (byte) atc;
    r[6] = (byte) ~(atc >> 8);
    r[7] = (byte) ~atc;
    byte[] sk = new byte[16];
    System.arraycopy(tdes(mk, l), 0, sk, 0, 8);
    System.arraycopy(tdes(mk, r), 0, sk, 8, 8);
    return sk;
  }

  /** ISO 9797-1 MAC algorithm 3, padding method 2, over the concatenated hex parts. */
  static String mac(byte[] sk, String... hexParts) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (String h : hexParts) {
      byte[] b = Hex.of(h);
      data.write(b, 0, b.length);
    }
    byte[] d = data.toByteArray();
    ISO9797Alg3Mac mac = new ISO9797Alg3Mac(new DESEngine(), new ISO7816d4Padding());
    mac.init(new KeyParameter(sk));
    mac.update(d, 0, d.length);
    byte[] out = new byte[8];
    mac.doFinal(out, 0);
    return Hex.encode(out);
  }

  /** ARPC method 1: TDEA(SK, ARQC xor (ARC ‖ 000000000000)). */
  static String arpc(byte[] sk, String arqcHex, String arcHex) {
    byte[] x = Hex.of(arqcHex);
    byte[] arc = Hex.of(arcHex);
    x[0] ^= arc[0];
    x[1] ^= arc[1];
    return Hex.encode(tdes(sk, x));
  }
}

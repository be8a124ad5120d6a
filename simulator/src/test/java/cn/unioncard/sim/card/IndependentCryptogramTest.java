package cn.unioncard.sim.card;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;

/** The tests' independent recipe reproduces the published vectors of shared/vectors/crypto.md §5.7. */
class IndependentCryptogramTest {
  @Test
  void optionAMasterKeyOfTheCase1Vector() {
    byte[] mk = IndependentCryptogram.iccMasterKey("0123456789ABCDEFFEDCBA9876543210", "9901234567890123", "45");
    assertEquals(withoutParity(Hex.of("F84315C7B95BD3B0C74694922C3808B0")), withoutParity(mk));
  }

  @Test
  void pbocSessionKeyCryptogramAndArpcOfTheVector() {
    byte[] mk = Hex.of("F84315C7B95BD3B0C74694922C3808B0");
    byte[] sk = IndependentCryptogram.sessionKey(mk, 0x0001);
    assertEquals("5317D1392E7E34959D4CFBD32E05E3C3", Hex.encode(sk));
    String ac = IndependentCryptogram.mac(sk, "0123456789ABCDEF0123456789ABCDEF");
    assertEquals("708B895535F0F982", ac);
    assertEquals("3E2FC0AEE3FEB244", IndependentCryptogram.arpc(sk, ac, "3030"));
  }

  private static String withoutParity(byte[] key) {
    byte[] k = key.clone();
    for (int i = 0; i < k.length; i++) {
      k[i] &= (byte) 0xFE;
    }
    return Hex.encode(k);
  }
}

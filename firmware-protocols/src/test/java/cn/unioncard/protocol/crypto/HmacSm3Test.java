package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacSm3Test {
  @ParameterizedTest(name = "GM/T 0042-2015 D.3 #{index}")
  // GM/T 0042-2015 Appendix D.3, as carried by openssl/openssl test/recipes/30-test_evp_data/evpmac_sm3.txt
  @CsvSource({
    "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20,"
        + " 6162636462636465636465666465666765666768666768696768696A68696A6B"
        + "696A6B6C6A6B6C6D6B6C6D6E6C6D6E6F6D6E6F706E6F7071"
        + "6162636462636465636465666465666765666768666768696768696A68696A6B"
        + "696A6B6C6A6B6C6D6B6C6D6E6C6D6E6F6D6E6F706E6F7071,"
        + " ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a",
    "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425,"
        + " cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd,"
        + " 220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae",
    "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265,"
        + " c0ba18c68b90c88bc07de794bfc7d2c8d19ec31ed8773bc2b390c9604e0be11e",
    "4A656665204A65666572736F6E204A72, 7768617420646F2079612077616E7420666F72206E6F7468696E673F,"
        + " ce791a34c59adef472997a249600f3f244d59e875be04055ba2ae12fc845e78c"
  })
  void publishedVectors(String key, String data, String mac) {
    assertEquals(mac.toUpperCase(), Hex.encode(HmacSm3.mac(Hex.of(key), Hex.of(data))));
    assertTrue(HmacSm3.verify(Hex.of(key), Hex.of(data), Hex.of(mac)));
  }

  /** RFC 2104 §2 built by hand over {@link Sm3#digest}: H(K ⊕ opad ‖ H(K ⊕ ipad ‖ text)), B = 64. */
  private static byte[] rfc2104(byte[] key, byte[] text) {
    byte[] k = key.length > 64 ? Sm3.digest(key) : key;
    byte[] ipad = new byte[64 + text.length];
    byte[] opad = new byte[64 + 32];
    for (int i = 0; i < 64; i++) {
      byte b = i < k.length ? k[i] : 0;
      ipad[i] = (byte) (b ^ 0x36);
      opad[i] = (byte) (b ^ 0x5c);
    }
    System.arraycopy(text, 0, ipad, 64, text.length);
    System.arraycopy(Sm3.digest(ipad), 0, opad, 64, 32);
    return Sm3.digest(opad);
  }

  @ParameterizedTest(name = "key of {0} bytes")
  @ValueSource(ints = {0, 1, 16, 63, 64, 65, 100, 200})
  void isTheRfc2104Construction(int keyLength) {
    byte[] key = new byte[keyLength];
    for (int i = 0; i < keyLength; i++) {
      key[i] = (byte) (i * 31 + 7);
    }
    byte[] text = "6222021234567890123".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(rfc2104(key, text), HmacSm3.mac(key, text));
    assertArrayEquals(HmacSm3.mac(key, text), Sm3.hmac(key, text), "one implementation");
  }

  @Test
  void verifyRefusesAnAlteredMac() {
    byte[] key = new byte[16];
    byte[] data = {1, 2, 3};
    byte[] mac = HmacSm3.mac(key, data);
    byte[] bad = Arrays.copyOf(mac, mac.length);
    bad[31] ^= 1;
    assertFalse(HmacSm3.verify(key, data, bad));
    assertFalse(HmacSm3.verify(key, data, Arrays.copyOf(mac, 31)));
    assertFalse(HmacSm3.verify(key, data, null));
  }
}

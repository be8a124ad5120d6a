package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Hex;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlockAlgorithmTest {
  private static final byte[] SM4_KEY = Hex.of("0123456789abcdeffedcba9876543210");

  @Test
  void sm4EncryptsTheStandardsExample() {
    // shared/vectors/crypto.md §5.6, GB/T 32907-2016 Appendix A example 1, via bc-java SM4Test [V]
    byte[] c = BlockAlgorithm.SM4.encryptEcb(SM4_KEY, SM4_KEY);
    assertEquals("681EDF34D206965E86B3E94F536E4246", Hex.encode(c));
    assertArrayEquals(SM4_KEY, BlockAlgorithm.SM4.decryptEcb(SM4_KEY, c));
  }

  @Test
  void sm4EncryptsOneMillionTimes() {
    // shared/vectors/crypto.md §5.6, GB/T 32907-2016 Appendix A example 2 (1 000 000 encryptions) [V].
    // Through this class's API, a new key schedule per call; bounded to keep the suite fast.
    byte[] block = SM4_KEY.clone();
    byte[] result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> {
              byte[] b = block;
              for (int i = 0; i < 1_000_000; i++) {
                b = BlockAlgorithm.SM4.encryptEcb(SM4_KEY, b);
              }
              return b;
            });
    assertEquals("595298C7C6FD271F0402F804C33D3F66", Hex.encode(result));
  }

  @Test
  void sm4CbcMatchesOpenSsl() {
    // [C] computed here, cross-checked with OpenSSL SM4-CBC (Python cryptography 48): regression vector
    byte[] iv = Hex.of("000102030405060708090A0B0C0D0E0F");
    byte[] plain = Hex.of("0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210");
    byte[] c = BlockAlgorithm.SM4.encryptCbc(SM4_KEY, iv, plain);
    assertEquals("A9A268883A336315BAC0C9C9FF350AB1B236A4A85616D4AABF0A83555C7D4115", Hex.encode(c));
    assertArrayEquals(plain, BlockAlgorithm.SM4.decryptCbc(SM4_KEY, iv, c));
  }

  @Test
  void tdeaKeyCheckValue() {
    // shared/vectors/crypto.md §5.7: IMK 0123456789ABCDEFFEDCBA9876543210 has KCV 08D7B4 [V]
    assertEquals("08D7B4", Hex.encode(BlockAlgorithm.TDEA.checkValue(Hex.of("0123456789ABCDEFFEDCBA9876543210"))));
    // a 16-byte key equals the 24-byte key K1‖K2‖K1
    byte[] k24 = Hex.of("0123456789ABCDEFFEDCBA98765432100123456789ABCDEF");
    assertEquals("08D7B4", Hex.encode(BlockAlgorithm.TDEA.checkValue(k24)));
  }

  @Test
  void sm4KeyCheckValueIsTheFirstThreeBytesOfZerosEncrypted() {
    byte[] zeros = BlockAlgorithm.SM4.encryptEcb(SM4_KEY, new byte[16]);
    assertEquals(Hex.encode(zeros).substring(0, 6), Hex.encode(BlockAlgorithm.SM4.checkValue(SM4_KEY)));
  }

  @Test
  void rejectsPartialBlocksAndWrongKeys() {
    assertThrows(IllegalArgumentException.class, () -> BlockAlgorithm.SM4.encryptEcb(SM4_KEY, new byte[15]));
    assertThrows(IllegalArgumentException.class, () -> BlockAlgorithm.TDEA.decryptEcb(new byte[8], new byte[8]));
    assertThrows(IllegalArgumentException.class, () -> BlockAlgorithm.DES.encryptEcb(new byte[16], new byte[8]));
    assertThrows(IllegalArgumentException.class, () -> BlockAlgorithm.SM4.encryptCbc(SM4_KEY, new byte[8], new byte[16]));
    assertEquals(0, BlockAlgorithm.TDEA.encryptEcb(new byte[16], new byte[0]).length);
  }

  @Test
  void parityAndWipe() {
    byte[] k = Hex.of("0001FEFF");
    assertEquals("0101FEFE", Hex.encode(Keys.withOddParity(k)));
    assertFalse(Keys.hasOddParity(k));
    assertTrue(Keys.hasOddParity(Keys.withOddParity(k)));
    Keys.wipe(k, null);
    assertEquals("00000000", Hex.encode(k));
  }
}

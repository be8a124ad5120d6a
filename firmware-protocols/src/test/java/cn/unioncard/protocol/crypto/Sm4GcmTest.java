package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Sm4GcmTest {
  // shared/vectors/crypto.md §5.6, SM4 GCM: bc-java core/src/test/java/org/bouncycastle/crypto/test/SM4Test.java
  private static final byte[] KEY = Hex.of("0123456789ABCDEFFEDCBA9876543210");
  private static final byte[] IV = Hex.of("00001234567800000000ABCD");
  private static final byte[] AAD = Hex.of("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
  private static final byte[] PT =
      Hex.of(
          "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
              + "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
  private static final String CT =
      "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
          + "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D";
  private static final String TAG = "83DE3541E4C2B58177E065A9BF7B62EC";

  @Test
  void encryptsTheVector() {
    assertEquals(CT + TAG, Hex.encode(Sm4Gcm.encrypt(KEY, IV, AAD, PT)));
  }

  @Test
  void decryptsTheVector() throws DecodeException {
    assertArrayEquals(PT, Sm4Gcm.decrypt(KEY, IV, AAD, Hex.of(CT + TAG)));
  }

  @Test
  void refusesAWrongAad() {
    byte[] aad = AAD.clone();
    aad[0] ^= 1;
    DecodeException e =
        assertThrows(DecodeException.class, () -> Sm4Gcm.decrypt(KEY, IV, aad, Hex.of(CT + TAG)));
    assertEquals("SM4-GCM tag does not verify", e.reason());
  }

  @Test
  void refusesInputShorterThanATag() {
    assertThrows(DecodeException.class, () -> Sm4Gcm.decrypt(KEY, IV, AAD, new byte[15]));
    assertThrows(DecodeException.class, () -> Sm4Gcm.decrypt(KEY, IV, AAD, null));
  }

  @Test
  void emptyPlaintextIsJustATag() throws DecodeException {
    byte[] out = Sm4Gcm.encrypt(KEY, IV, null, new byte[0]);
    assertEquals(Sm4Gcm.TAG_LENGTH, out.length);
    assertArrayEquals(new byte[0], Sm4Gcm.decrypt(KEY, IV, new byte[0], out));
  }

  @Test
  void refusesABadKeyOrIv() {
    assertThrows(IllegalArgumentException.class, () -> Sm4Gcm.encrypt(new byte[15], IV, AAD, PT));
    assertThrows(IllegalArgumentException.class, () -> Sm4Gcm.encrypt(KEY, new byte[0], AAD, PT));
  }

  static java.util.stream.LongStream seeds() {
    return cn.unioncard.protocol.testing.Seeds.seeds();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void anyChangedByteIsRefusedAndTheRoundTripHolds(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    byte[] key = new byte[16];
    rnd.nextBytes(key);
    byte[] iv = new byte[Sm4Gcm.IV_LENGTH];
    rnd.nextBytes(iv);
    byte[] aad = ("T0000001-" + seed).getBytes(StandardCharsets.US_ASCII);
    byte[] pt = cn.unioncard.protocol.testing.Seeds.bytes(rnd, 40);
    byte[] ct = Sm4Gcm.encrypt(key, iv, aad, pt);
    assertArrayEquals(pt, Sm4Gcm.decrypt(key, iv, aad, ct));
    byte[] bad = cn.unioncard.protocol.testing.Seeds.mutate(rnd, ct);
    if (!Arrays.equals(bad, ct)) {
      assertThrows(DecodeException.class, () -> Sm4Gcm.decrypt(key, iv, aad, bad));
    }
  }
}

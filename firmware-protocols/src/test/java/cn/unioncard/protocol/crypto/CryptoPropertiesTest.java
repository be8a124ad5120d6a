package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.macs.CBCBlockCipherMac;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded properties (200 fixed seeds, cn.unioncard.protocol.testing.Seeds). */
class CryptoPropertiesTest {

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void macsAgreeWithBouncyCastleFedInPieces(long seed) {
    // Our one-shot MACs against BouncyCastle's own MAC classes fed the same data split at a random point: the
    // split and rejoined data gives the same MAC, and two independent implementations agree.
    Random rnd = new Random(seed);
    byte[] data = Seeds.bytes(rnd, 70);
    int cut = rnd.nextInt(data.length + 1);
    byte[] k8 = randomBytes(rnd, 8);
    byte[] k16 = randomBytes(rnd, 16);
    byte[] k24 = randomBytes(rnd, 24);

    assertArrayEquals(
        inPieces(new ISO9797Alg3Mac(new DESEngine(), new ISO7816d4Padding()), k16, data, cut),
        Iso9797Mac.algorithm3(k16, data, MacPadding.METHOD_2, 8));
    if (data.length > 0) { // BouncyCastle pads an empty input differently only in that corner
      assertArrayEquals(
          inPieces(new ISO9797Alg3Mac(new DESEngine()), k16, data, cut),
          Iso9797Mac.algorithm3(k16, data, MacPadding.METHOD_1, 8));
    }
    assertArrayEquals(
        inPieces(new CBCBlockCipherMac(new DESEngine(), 64, new ISO7816d4Padding()), k8, data, cut),
        Iso9797Mac.algorithm1(BlockAlgorithm.DES, k8, data, MacPadding.METHOD_2, 8));
    assertArrayEquals(
        inPieces(new CBCBlockCipherMac(new DESedeEngine(), 64, new ISO7816d4Padding()), k24, data, cut),
        Iso9797Mac.algorithm1(BlockAlgorithm.TDEA, k24, data, MacPadding.METHOD_2, 8));
    assertArrayEquals(
        inPieces(new CBCBlockCipherMac(new SM4Engine(), 128, new ISO7816d4Padding()), k16, data, cut),
        Iso9797Mac.algorithm1(BlockAlgorithm.SM4, k16, data, MacPadding.METHOD_2, 16));
    assertArrayEquals(
        inPieces(new CMac(new DESedeEngine(), 64), k16, data, cut),
        Cmac.compute(BlockAlgorithm.TDEA, k16, data, 8));
    assertArrayEquals(
        inPieces(new CMac(new SM4Engine(), 128), k16, data, cut),
        Cmac.compute(BlockAlgorithm.SM4, k16, data, 16));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void aFlippedBitChangesTheMac(long seed) {
    Random rnd = new Random(seed);
    byte[] data = randomBytes(rnd, 1 + rnd.nextInt(64));
    byte[] flipped = data.clone();
    flipped[rnd.nextInt(data.length)] ^= (byte) (1 << rnd.nextInt(8));
    byte[] k16 = randomBytes(rnd, 16);
    MacPadding padding = MacPadding.values()[rnd.nextInt(3)];
    assertNotEquals(
        Hex.encode(Iso9797Mac.algorithm3(k16, data, padding, 8)),
        Hex.encode(Iso9797Mac.algorithm3(k16, flipped, padding, 8)));
    assertNotEquals(
        Hex.encode(Iso9797Mac.algorithm1(BlockAlgorithm.SM4, k16, data, padding, 16)),
        Hex.encode(Iso9797Mac.algorithm1(BlockAlgorithm.SM4, k16, flipped, padding, 16)));
    assertNotEquals(
        Hex.encode(Cmac.compute(BlockAlgorithm.TDEA, k16, data, 8)),
        Hex.encode(Cmac.compute(BlockAlgorithm.TDEA, k16, flipped, 8)));
    assertNotEquals(
        Hex.encode(Cmac.compute(BlockAlgorithm.SM4, k16, data, 16)),
        Hex.encode(Cmac.compute(BlockAlgorithm.SM4, k16, flipped, 16)));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void blockCiphersRoundTrip(long seed) {
    Random rnd = new Random(seed);
    for (BlockAlgorithm a : BlockAlgorithm.values()) {
      int keyLength = a == BlockAlgorithm.DES ? 8 : a == BlockAlgorithm.SM4 ? 16 : (rnd.nextBoolean() ? 16 : 24);
      byte[] key = randomBytes(rnd, keyLength);
      byte[] iv = randomBytes(rnd, a.blockSize());
      byte[] data = randomBytes(rnd, a.blockSize() * rnd.nextInt(6));
      assertArrayEquals(data, a.decryptEcb(key, a.encryptEcb(key, data)), a.name());
      assertArrayEquals(data, a.decryptCbc(key, iv, a.encryptCbc(key, iv, data)), a.name());
      if (data.length >= 2 * a.blockSize()) {
        // CBC chains: equal blocks encrypt differently
        byte[] twice = Arrays.copyOf(data, 2 * a.blockSize());
        System.arraycopy(twice, 0, twice, a.blockSize(), a.blockSize());
        byte[] c = a.encryptCbc(key, iv, twice);
        assertFalse(
            Arrays.equals(
                Arrays.copyOfRange(c, 0, a.blockSize()), Arrays.copyOfRange(c, a.blockSize(), 2 * a.blockSize())));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void sm2SignsVerifiesEncryptsAndDecrypts(long seed) throws DecodeException {
    SeededSecureRandom random = new SeededSecureRandom(seed);
    Random rnd = new Random(seed);
    EcKeyPair kp = Sm2.generateKeyPair(random);
    byte[] message = Seeds.bytes(rnd, 100);
    byte[] id = rnd.nextBoolean() ? Sm2.defaultUserId() : Seeds.bytes(rnd, 20);
    byte[] sig = Sm2.sign(kp.privateKey(), id, message, random);
    assertTrue(Sm2.verify(kp.publicKey(), id, message, sig));
    assertArrayEquals(sig, DsaSignature.fromDer(DsaSignature.toDer(sig)));
    byte[] tampered = Seeds.mutate(rnd, message);
    if (!Arrays.equals(tampered, message)) {
      assertFalse(Sm2.verify(kp.publicKey(), id, tampered, sig));
    }
    if (message.length == 0) {
      return; // SM2 encryption needs at least one byte
    }
    byte[] c = Sm2.encrypt(kp.publicKey(), message, random);
    assertEquals(65 + 32 + message.length, c.length);
    assertArrayEquals(message, Sm2.decrypt(kp.privateKey(), c));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void ecdsaSignsAndVerifies(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    EcKeyPair kp = EcdsaP256.generateKeyPair(new SeededSecureRandom(seed));
    byte[] message = Seeds.bytes(rnd, 100);
    byte[] sig = EcdsaP256.sign(kp.privateKey(), message);
    assertTrue(EcdsaP256.verify(kp.publicKey(), message, sig));
    byte[] damaged = sig.clone();
    damaged[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
    assertFalse(EcdsaP256.verify(kp.publicKey(), message, damaged));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void pinBlocksRoundTrip(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    String pin = digits(rnd, 4 + rnd.nextInt(9));
    String pan = digits(rnd, 8 + rnd.nextInt(12));
    assertEquals(pin, PinBlock.decodeFormat0(PinBlock.format0(pin, pan), pan));
    assertEquals(pin, PinBlock.decodeFormat0ForSm4(PinBlock.format0ForSm4(pin, pan), pan));
    assertEquals(pin, PinBlock.decodeFormat2(PinBlock.format2(pin)));
    byte[] key = randomBytes(rnd, 16);
    byte[] clear = PinBlock.format0(pin, pan);
    assertArrayEquals(
        clear, PinBlock.decrypt(BlockAlgorithm.TDEA, key, PinBlock.encrypt(BlockAlgorithm.TDEA, key, clear)));
    // a damaged block decodes to some PIN or fails with DecodeException, nothing else
    try {
      PinBlock.decodeFormat0(Seeds.mutate(rnd, clear), pan);
    } catch (DecodeException expected) {
      // fine
    }
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void derSignaturesRoundTripAndDamageIsDetected(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    byte[] raw = randomBytes(rnd, 64);
    for (int i = 0; i < rnd.nextInt(40); i++) {
      raw[rnd.nextInt(64)] = 0; // leading zeros exercise minimal INTEGER encoding
    }
    byte[] der = DsaSignature.toDer(raw);
    assertArrayEquals(raw, DsaSignature.fromDer(der));
    byte[] damaged = Seeds.mutate(rnd, der);
    byte[] back;
    try {
      back = DsaSignature.fromDer(damaged);
    } catch (DecodeException expected) {
      return;
    }
    // whatever strict DER decodes re-encodes to the very same bytes
    assertArrayEquals(damaged, DsaSignature.toDer(back));
  }

  private static byte[] inPieces(Mac mac, byte[] key, byte[] data, int cut) {
    mac.init(new KeyParameter(key));
    mac.update(data, 0, cut);
    mac.update(data, cut, data.length - cut);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return out;
  }

  private static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private static String digits(Random rnd, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + rnd.nextInt(10)));
    }
    return sb.toString();
  }
}

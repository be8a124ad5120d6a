package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SM3 and SM2 (SM4 is in {@link BlockAlgorithmTest}). */
class ChineseAlgorithmsTest {
  // shared/vectors/crypto.md §5.6: GM/T 0003.5-2012 example key on sm2p256v1, via openHiTLS cmvp_selftest_sm2.c
  // [V with BC 1.78.1]
  private static final byte[] D = Hex.of("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
  private static final byte[] Q =
      Hex.of(
          "04"
              + "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
              + "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13");
  private static final byte[] K = Hex.of("59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21");

  @ParameterizedTest(name = "SM3 of \"{0}\"")
  // shared/vectors/crypto.md §5.6, bc-java SM3DigestTest: "abc" and "abcd"x16 are GB/T 32905 Appendix A [V];
  // "" and "a" [P]
  @CsvSource({
    "abc, 66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd,"
        + " debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
    "'', 1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
    "a, 623476ac18f65a2909e43c7fec61b49c7e764a91a18ccb82f1917a29c86c5e88"
  })
  void sm3Digests(String message, String digest) {
    assertEquals(digest.toUpperCase(), Hex.encode(Sm3.digest(message.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void hmacSm3Regression() {
    // [C] computed here, cross-checked with OpenSSL HMAC-SM3 (Python cryptography 48): regression vector
    byte[] mac =
        Sm3.hmac(
            "key".getBytes(StandardCharsets.US_ASCII),
            "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII));
    assertEquals("BD4A34077888162B210645B8EBF74B9AF357303789357A27C7FC457244EBD398", Hex.encode(mac));
  }

  @Test
  void sm2PublicKeyOfTheExamplePrivateKey() {
    assertArrayEquals(Q, Sm2.publicKey(D));
  }

  @Test
  void sm2SignatureOfTheStandardsExample() throws DecodeException {
    // shared/vectors/crypto.md §5.6: ID "1234567812345678", M "message digest", fixed k
    byte[] m = "message digest".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = Sm2.sign(D, Sm2.defaultUserId(), m, new FixedRandom(K));
    assertEquals(
        "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
            + "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA",
        Hex.encode(sig));
    assertEquals("31323334353637383132333435363738", Hex.encode(Sm2.defaultUserId()));
    assertArrayEquals(sig, Sm2.sign(D, m, new FixedRandom(K)), "the default ID is 1234567812345678");
    assertTrue(Sm2.verify(Q, m, sig));
    // DER as BC produces it: 3046022100F5A0…20B3022100B1B6…C1AA
    byte[] der = DsaSignature.toDer(sig);
    assertEquals(72, der.length);
    assertEquals("3046022100F5A0", Hex.encode(der).substring(0, 14));
    assertEquals("20B3022100B1B6", Hex.encode(der).substring(70, 84));
    assertArrayEquals(sig, DsaSignature.fromDer(der));
  }

  @Test
  void sm2SignatureFromBouncyCastlesTest() throws DecodeException {
    // shared/vectors/crypto.md §5.6, bc-java SM2SignerTest (sm2p256v1, SM3) [P]
    byte[] d = Hex.of("110E7973206F68C19EE5F7328C036F26911C8C73B4E4F36AE3291097F8984FFC");
    byte[] k = Hex.of("3174C6FFC3C279D2422F3FC0A9F3E574674A4490FE45A5325CAF7D3EC4C8F96C");
    byte[] id = "sm2test@example.com".getBytes(StandardCharsets.US_ASCII);
    byte[] m = "hi chappy".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = Sm2.sign(d, id, m, new FixedRandom(k));
    assertEquals(
        "05890B9077B92E47B17A1FF42A814280E556AFD92B4A98B9670BF8B1A274C2FA"
            + "E3ABBB8DB2B6ECD9B24ECCEA7F679FB9A4B1DB52F4AA985E443AD73237FA1993",
        Hex.encode(sig));
    assertTrue(Sm2.verify(Sm2.publicKey(d), id, m, sig));
    assertFalse(Sm2.verify(Sm2.publicKey(d), m, sig), "another user ID is another Z_A");
  }

  @Test
  void sm2EncryptionOfTheStandardsExample() throws DecodeException {
    // shared/vectors/crypto.md §5.6: M "encryption standard", same k, C1‖C3‖C2 with the 04 point prefix
    byte[] m = "encryption standard".getBytes(StandardCharsets.US_ASCII);
    byte[] c = Sm2.encrypt(Q, m, new FixedRandom(K));
    assertEquals(
        ("0404ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73e858f9d81e5430a57b36daab8f950a3c64e6ee6a"
                + "63094d99283aff767e124df059983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd876621886ca989ca9c"
                + "7d58087307ca93092d651efa")
            .toUpperCase(),
        Hex.encode(c));
    assertArrayEquals(m, Sm2.decrypt(D, c));
  }

  @Test
  void sm2DecryptRejectsDamagedCiphertexts() throws DecodeException {
    byte[] c = Sm2.encrypt(Q, new byte[] {1, 2, 3}, new FixedRandom(K));
    byte[] badHash = c.clone();
    badHash[70] ^= 1;
    assertThrows(DecodeException.class, () -> Sm2.decrypt(D, badHash));
    byte[] badPoint = c.clone();
    badPoint[10] ^= 1;
    assertThrows(DecodeException.class, () -> Sm2.decrypt(D, badPoint));
    assertThrows(DecodeException.class, () -> Sm2.decrypt(D, Arrays.copyOf(c, 97)));
    assertThrows(IllegalArgumentException.class, () -> Sm2.encrypt(Q, new byte[0], new FixedRandom(K)));
    assertThrows(DecodeException.class, () -> Sm2.decrypt(D, null));
  }

  @Test
  void sm2GeneratedKeysWork() throws DecodeException {
    EcKeyPair kp = Sm2.generateKeyPair(new SecureRandom());
    byte[] priv = kp.privateKey();
    assertEquals(32, priv.length);
    assertArrayEquals(kp.publicKey(), Sm2.publicKey(priv));
    byte[] sig = Sm2.sign(priv, new byte[] {42}, new SecureRandom());
    assertTrue(Sm2.verify(kp.publicKey(), new byte[] {42}, sig));
    assertFalse(kp.toString().contains(Hex.encode(priv)), "no private key in toString");
    kp.wipe();
    assertArrayEquals(new byte[32], kp.privateKey());
    Keys.wipe(priv);
  }

  @Test
  void sm2VerifyRejectsMalformedInputs() throws DecodeException {
    byte[] m = "message digest".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = Sm2.sign(D, m, new FixedRandom(K));
    assertThrows(DecodeException.class, () -> Sm2.verify(Q, m, Arrays.copyOf(sig, 63)));
    byte[] notOnCurve = Q.clone();
    notOnCurve[64] ^= 1;
    assertThrows(DecodeException.class, () -> Sm2.verify(notOnCurve, m, sig));
    byte[] compressed = Q.clone();
    compressed[0] = 0x02;
    assertThrows(DecodeException.class, () -> Sm2.verify(compressed, m, sig));
    assertFalse(Sm2.verify(Q, m, new byte[64]), "r = s = 0");
    byte[] allOnes = new byte[64];
    Arrays.fill(allOnes, (byte) 0xFF);
    assertFalse(Sm2.verify(Q, m, allOnes), "r, s >= n");
    assertThrows(IllegalArgumentException.class, () -> Sm2.publicKey(new byte[32]));
  }

  @Test
  void derSignatureDecodingIsStrict() {
    assertThrows(DecodeException.class, () -> DsaSignature.fromDer(Hex.of("3006020101020101FF")), "trailing byte");
    assertThrows(DecodeException.class, () -> DsaSignature.fromDer(Hex.of("300602010102018F")), "negative s");
    assertThrows(DecodeException.class, () -> DsaSignature.fromDer(Hex.of("30070201010202000F")), "non-minimal s");
    assertThrows(DecodeException.class, () -> DsaSignature.fromDer(Hex.of("3103020101")), "not a SEQUENCE");
    assertThrows(DecodeException.class, () -> DsaSignature.fromDer(Hex.of("3081060201010201FF")), "long form");
    assertThrows(DecodeException.class, () -> DsaSignature.fromDer(new byte[0]));
  }

  @Test
  void derSignatureRoundTripsSmallValues() throws DecodeException {
    byte[] raw = new byte[64];
    raw[31] = 1;
    raw[63] = (byte) 0x80;
    assertEquals("3007020101020200" + "80", Hex.encode(DsaSignature.toDer(raw)));
    assertArrayEquals(raw, DsaSignature.fromDer(DsaSignature.toDer(raw)));
  }
}

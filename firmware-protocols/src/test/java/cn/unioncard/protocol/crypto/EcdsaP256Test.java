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
import org.junit.jupiter.api.Test;

class EcdsaP256Test {

  @Test
  void signsAndVerifies() throws DecodeException {
    EcKeyPair kp = EcdsaP256.generateKeyPair(new SecureRandom());
    byte[] message = "{\"amount\":100}".getBytes(StandardCharsets.UTF_8);
    byte[] sig = EcdsaP256.sign(kp.privateKey(), message);
    assertEquals(64, sig.length);
    assertTrue(EcdsaP256.verify(kp.publicKey(), message, sig));
    byte[] tampered = message.clone();
    tampered[tampered.length - 2] ^= 1;
    assertFalse(EcdsaP256.verify(kp.publicKey(), tampered, sig));
    byte[] badSig = sig.clone();
    badSig[5] ^= 1;
    assertFalse(EcdsaP256.verify(kp.publicKey(), message, badSig));
    assertArrayEquals(kp.publicKey(), EcdsaP256.publicKey(kp.privateKey()));
  }

  @Test
  void deterministicSignatureOfRfc6979() throws DecodeException {
    // RFC 6979 A.2.5 (ECDSA, 256 bits, prime field), SHA-256, message "sample": k is derived per §3.2, so the
    // signature is fixed
    byte[] x = Hex.of("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
    byte[] sig = EcdsaP256.sign(x, "sample".getBytes(StandardCharsets.US_ASCII));
    assertEquals(
        "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
            + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8",
        Hex.encode(sig));
    assertEquals(
        "0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
            + "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299",
        Hex.encode(EcdsaP256.publicKey(x)));
    assertTrue(EcdsaP256.verify(EcdsaP256.publicKey(x), "sample".getBytes(StandardCharsets.US_ASCII), sig));
  }

  @Test
  void rejectsMalformedKeysAndSignatures() {
    byte[] x = Hex.of("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
    byte[] q = EcdsaP256.publicKey(x);
    assertThrows(DecodeException.class, () -> EcdsaP256.verify(q, new byte[1], new byte[65]));
    byte[] off = q.clone();
    off[40] ^= 4;
    assertThrows(DecodeException.class, () -> EcdsaP256.verify(off, new byte[1], new byte[64]));
    // the SM2 key of the GM/T example is not on P-256
    byte[] sm2 = Sm2.publicKey(Hex.of("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"));
    assertThrows(DecodeException.class, () -> EcdsaP256.verify(sm2, new byte[1], new byte[64]));
  }
}

package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided: SM2 verification of arbitrary signature bytes (raw r‖s, or DER through {@link
 * DsaSignature#fromDer}), and of arbitrary public-key bytes. It returns false or throws DecodeException, never
 * another exception; nothing the fuzzer makes verifies.
 */
class Sm2SignatureFuzzTest {
  // GM/T 0003.5-2012 example public key (shared/vectors/crypto.md §5.6); the message is not the one its example
  // signature signs, so a well-formed example signature in the corpus must still fail.
  private static final byte[] Q =
      Hex.of(
          "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
              + "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13");
  private static final byte[] MESSAGE = "fuzz".getBytes(StandardCharsets.US_ASCII);

  @FuzzTest
  void verify(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    try {
      boolean ok;
      switch ((input[0] & 0xFF) % 3) {
        case 0:
          ok = Sm2.verify(Q, MESSAGE, rest);
          break;
        case 1:
          ok = Sm2.verify(Q, MESSAGE, DsaSignature.fromDer(rest));
          break;
        default:
          byte[] key = Arrays.copyOf(rest, Math.min(65, rest.length));
          byte[] sig = Arrays.copyOfRange(rest, key.length, rest.length);
          ok = Sm2.verify(key, Sm2.defaultUserId(), MESSAGE, sig);
      }
      assertFalse(ok, "an arbitrary signature verified");
    } catch (DecodeException expected) {
      // fine
    }
  }
}

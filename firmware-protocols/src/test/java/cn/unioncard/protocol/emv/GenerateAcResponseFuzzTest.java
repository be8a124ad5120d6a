package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: the GENERATE AC response decoder returns a response or throws DecodeException; what decodes
 * re-encodes and decodes to the same response.
 */
class GenerateAcResponseFuzzTest {
  @FuzzTest
  void generateAcResponse(byte[] input) {
    GenerateAcResponse r;
    try {
      r = GenerateAcResponse.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    r.cid().type();
    r.cid().reason();
    r.applicationCryptogram();
    r.issuerApplicationData();
    r.signedDynamicApplicationData();
    try {
      GenerateAcResponse again = GenerateAcResponse.decode(r.encode());
      assertEquals(r, again);
      assertEquals(r.atc(), again.atc());
      assertEquals(r.cid(), again.cid());
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded response failed to decode: " + e.getMessage(), e);
    }
  }
}

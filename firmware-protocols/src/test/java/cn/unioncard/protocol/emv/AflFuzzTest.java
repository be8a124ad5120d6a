package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided: the AFL decoder returns an AFL or throws DecodeException; a valid AFL re-encodes exactly. */
class AflFuzzTest {
  @FuzzTest
  void afl(byte[] input) {
    Afl afl;
    try {
      afl = Afl.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    afl.recordCount();
    assertArrayEquals(input, afl.encode());
  }
}

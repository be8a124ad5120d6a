package cn.unioncard.protocol.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided: any bytes parse as a command APDU that re-encodes to the same bytes, or fail cleanly. */
class CommandApduFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    try {
      assertArrayEquals(input, CommandApdu.parse(input).encode());
    } catch (DecodeException expected) {
      // malformed: the only allowed failure
    }
  }
}

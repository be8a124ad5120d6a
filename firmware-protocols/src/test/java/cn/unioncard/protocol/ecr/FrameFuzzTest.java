package cn.unioncard.protocol.ecr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided: whatever the bytes, one-shot decoding returns a frame or throws DecodeException. */
class FrameFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    Frame frame;
    try {
      frame = Frame.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    // A frame has one encoding: what decodes re-encodes to the very same bytes.
    assertArrayEquals(input, frame.encode());
  }
}

package cn.unioncard.protocol.tlv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/** Coverage-guided: whatever the bytes, the decoder returns objects or throws DecodeException. */
class BerTlvFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    List<Tlv> objects;
    try {
      objects = BerTlv.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    // What decodes re-encodes, and decodes again to the same objects.
    byte[] again = BerTlv.encode(objects);
    try {
      assertArrayEquals(again, BerTlv.encode(BerTlv.decode(again)));
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded objects failed to decode: " + e.getMessage(), e);
    }
  }
}

package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided: whatever the bytes, CappRecord.decode returns a value or throws DecodeException. */
class CappRecordFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    CappRecord value;
    try {
      value = CappRecord.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    // What decodes re-encodes, and decodes again to the same value.
    byte[] again = value.encode();
    assertEquals(CappRecord.LENGTH, again.length);
    try {
      assertEquals(value, CappRecord.decode(again));
      assertArrayEquals(again, CappRecord.decode(again).encode());
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded value failed to decode: " + e.getMessage(), e);
    }
  }
}

package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided: whatever the bytes, PurseRecord.decode returns a value or throws DecodeException. */
class PurseRecordFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    PurseRecord value;
    try {
      value = PurseRecord.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    // What decodes re-encodes, and decodes again to the same value.
    byte[] again = value.encode();
    assertEquals(PurseRecord.LENGTH, again.length);
    try {
      assertEquals(value, PurseRecord.decode(again));
      assertArrayEquals(again, PurseRecord.decode(again).encode());
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded value failed to decode: " + e.getMessage(), e);
    }
  }
}

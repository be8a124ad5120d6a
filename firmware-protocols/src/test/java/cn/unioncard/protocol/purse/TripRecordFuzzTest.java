package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided: whatever the bytes, TripRecord.decode returns a value or throws DecodeException. */
class TripRecordFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    TripRecord value;
    try {
      value = TripRecord.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    // What decodes re-encodes, and decodes again to the same value.
    byte[] again = value.encode();
    assertEquals(TripRecord.LENGTH, again.length);
    try {
      assertEquals(value, TripRecord.decode(again));
      assertArrayEquals(again, TripRecord.decode(again).encode());
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded value failed to decode: " + e.getMessage(), e);
    }
  }
}

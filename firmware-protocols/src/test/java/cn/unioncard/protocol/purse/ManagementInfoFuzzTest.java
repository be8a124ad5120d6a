package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided: whatever the bytes, ManagementInfo.decode returns a value or throws DecodeException. */
class ManagementInfoFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    ManagementInfo value;
    try {
      value = ManagementInfo.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    // What decodes re-encodes, and decodes again to the same value.
    byte[] again = value.encode();
    assertEquals(ManagementInfo.LENGTH, again.length);
    try {
      assertEquals(value, ManagementInfo.decode(again));
      assertArrayEquals(again, ManagementInfo.decode(again).encode());
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded value failed to decode: " + e.getMessage(), e);
    }
  }
}

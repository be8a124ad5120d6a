package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: whatever the bytes, PublicInfo.decode (file 0015) and PublicInfo.fromFci (the SELECT
 * FCI carrying it in 9F0C) return a value or throw DecodeException.
 */
class PublicInfoFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    check(input, false);
    check(input, true);
  }

  private static void check(byte[] input, boolean fci) {
    PublicInfo value;
    try {
      value = fci ? PublicInfo.fromFci(input) : PublicInfo.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    byte[] again = value.encode();
    assertEquals(PublicInfo.LENGTH, again.length);
    try {
      assertEquals(value, PublicInfo.decode(again));
      assertArrayEquals(again, PublicInfo.decode(again).encode());
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded value failed to decode: " + e.getMessage(), e);
    }
  }
}

package cn.unioncard.protocol.member;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided: the member data parser returns a value that round-trips, or throws DecodeException. */
class MemberDataFuzzTest {
  @FuzzTest
  void memberData(byte[] input) {
    MemberData m;
    try {
      m = MemberData.parse(input);
    } catch (DecodeException expected) {
      return;
    }
    try {
      assertEquals(m, MemberData.parse(m.encode()));
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded member data failed to parse: " + e.getMessage(), e);
    }
  }
}

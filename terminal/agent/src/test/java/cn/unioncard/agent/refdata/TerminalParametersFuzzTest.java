package cn.unioncard.agent.refdata;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/** Any bytes: parameters that encode and read back the same, or a ParametersException naming the field. */
class TerminalParametersFuzzTest {
  @FuzzTest
  void parse(byte[] bytes) {
    TerminalParameters p;
    try {
      p = TerminalParameters.parse(bytes);
    } catch (ParametersException expected) {
      return;
    }
    byte[] again = p.encode();
    try {
      if (!TerminalParameters.parse(again).equals(p) || !Arrays.equals(TerminalParameters.parse(again).encode(), again)) {
        throw new AssertionError("does not read back: " + new String(again, java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (ParametersException e) {
      throw new AssertionError("its own encoding is refused: " + e.getMessage(), e);
    }
  }
}

package cn.unioncard.protocol.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided, the one parser entry point of the message set: whatever the payload, {@link
 * EcrMessage#parse} returns a message or throws DecodeException; a message it returns encodes to bytes that
 * parse to the same message. For a payload that does not parse, {@link EcrMessage#referenceOf} gives a value or
 * null and never fails.
 */
class EcrMessageFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    EcrMessage m;
    try {
      m = EcrMessage.parse(input);
    } catch (DecodeException expected) {
      EcrMessage.referenceOf(input); // the refusal's reference: a value or null, never a failure
      return;
    }
    try {
      assertEquals(m, EcrMessage.parse(m.encode()));
    } catch (DecodeException e) {
      throw new AssertionError("a parsed message re-encodes to bytes that do not parse: " + e.getMessage(), e);
    }
  }
}

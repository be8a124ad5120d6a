package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.ResponseApdu;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: response APDU bytes through every card response parser (what the terminal decodes) and
 * the status mapping: each parser refuses with DecodeException or returns a value that re-encodes to an
 * equal value.
 */
class PurseResponseFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    ResponseApdu r;
    try {
      r = ResponseApdu.parse(input);
    } catch (DecodeException tooShort) {
      return;
    }
    assertNotNull(PurseStatus.of(r));
    PurseParsers.cardResponses(r);
  }
}

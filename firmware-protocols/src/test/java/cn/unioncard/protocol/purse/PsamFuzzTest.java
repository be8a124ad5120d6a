package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: the same bytes as a PSAM command (what a simulated PSAM decodes), as a PSAM response,
 * and as the PSAM's files 0016 and 0017: every parser refuses with DecodeException or returns a value that
 * re-encodes to an equal value.
 */
class PsamFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    try {
      assertTrue(PurseParsers.psamCommands(CommandApdu.parse(input)) <= 1, "PSAM commands differ by INS");
    } catch (DecodeException notACommand) {
      // fine
    }
    try {
      PurseParsers.psamResponses(ResponseApdu.parse(input));
    } catch (DecodeException tooShort) {
      // fine
    }
    PurseParsers.psamFiles(input);
  }
}

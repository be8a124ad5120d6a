package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: command APDU bytes through every card-side command parser (what a simulated card
 * decodes): each refuses with DecodeException or returns a value that re-encodes to an equal value, and
 * at most one parser accepts a command.
 */
class PurseCommandFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    CommandApdu c;
    try {
      c = CommandApdu.parse(input);
    } catch (DecodeException notAnApdu) {
      return;
    }
    assertTrue(PurseParsers.cardCommands(c) <= 1, "card commands are told apart by INS");
  }
}

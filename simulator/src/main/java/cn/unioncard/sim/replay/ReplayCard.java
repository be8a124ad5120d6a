package cn.unioncard.sim.replay;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.util.Arrays;

/**
 * A card that answers from a {@link ReplayTrace}, so a card captured in the field can be read again without it.
 *
 * <p>A command gets the response of the next unused matching command in the trace. SELECT, READ RECORD, READ
 * BINARY, GET DATA and any other command match on the whole command, Le aside. Commands that carry the
 * terminal's own values (GET PROCESSING OPTIONS, GENERATE AC, INTERNAL AUTHENTICATE, and the purse's INITIALIZE
 * FOR PURCHASE, DEBIT FOR PURCHASE, UPDATE CAPP DATA CACHE, and the PSAM's MAC commands) match on CLA INS P1 P2.
 * When every matching response has been used, the last one is given again (a card answers the same question
 * the same way). A SELECT the trace cannot answer gets {@code 6A82}; any other unknown command {@code 6D00}.
 * The exchanges are looked up by their match key ({@link ExchangeIndex}), so a replay is linear in the trace's size.
 */
public final class ReplayCard implements ApduTransport {
  private static final byte[] FILE_NOT_FOUND = {0x6A, (byte) 0x82};
  private static final byte[] INS_NOT_SUPPORTED = {0x6D, 0x00};

  private final ExchangeIndex index;

  public ReplayCard(ReplayTrace trace) {
    this.index = new ExchangeIndex(trace.exchanges());
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException {
    CommandApdu c;
    try {
      c = CommandApdu.parse(command);
    } catch (DecodeException e) {
      return INS_NOT_SUPPORTED.clone();
    }
    byte[] answer = index.answer(c);
    if (answer != null) {
      return answer;
    }
    return c.ins() == 0xA4 ? FILE_NOT_FOUND.clone() : INS_NOT_SUPPORTED.clone();
  }

  /** Forgets which responses were used, as if the card were tapped again. */
  public void reset() {
    index.reset();
  }

  /** The matching rule, command by command; {@link ExchangeIndex#key} is its index form. */
  static boolean matches(CommandApdu recorded, CommandApdu sent) {
    if (recorded.cla() != sent.cla()
        || recorded.ins() != sent.ins()
        || recorded.p1() != sent.p1()
        || recorded.p2() != sent.p2()) {
      return false;
    }
    return carriesTerminalValues(sent) || Arrays.equals(recorded.data(), sent.data());
  }

  static boolean carriesTerminalValues(CommandApdu c) {
    int cla = c.cla();
    switch (c.ins()) {
      case 0xA8: // GET PROCESSING OPTIONS (EMV Book 3 6.5.8)
      case 0xAE: // GENERATE AC (EMV Book 3 6.5.5)
      case 0x88: // INTERNAL AUTHENTICATE (EMV Book 3 6.5.9)
        return true;
      case 0x50: // INITIALIZE FOR PURCHASE / LOAD (JR/T 0025, JT/T 978)
      case 0x54: // DEBIT FOR PURCHASE
      case 0xDC: // UPDATE CAPP DATA CACHE
      case 0x70: // PSAM: MAC1 generation
      case 0x72: // PSAM: MAC2 verification
        return (cla & 0x80) != 0;
      default:
        return false;
    }
  }
}

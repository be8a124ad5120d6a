package cn.unioncard.sim.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.testing.SharedPcscd;
import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's card behind the real pcscd, read by the JDK's own PC/SC provider. */
class VpcdCardTest {
  static final PcscDaemon.Reader READER = SharedPcscd.READER;

  @BeforeAll
  static void startPcscd() {
    String why = SharedPcscd.start();
    Assumptions.assumeTrue(why == null, () -> "skipped: " + why);
  }

  static ReplayCard debitCard() {
    return new ReplayCard(BundledTraces.load(BundledTraces.DEBIT_CHINESE_NAME));
  }

  @Test
  void aCardInsertedIntoVpcdIsReadThroughPcscd() throws Exception {
    CardTerminal terminal = TerminalFactory.getDefault().terminals().getTerminal(READER.pcscName());
    assertFalse(terminal.isCardPresent());
    try (VpcdCard card = new VpcdCard(debitCard(), VpcdCard.CONTACTLESS_ATR)) {
      card.insert("127.0.0.1", READER.port());
      assertTrue(terminal.waitForCardPresent(5000), "card appears in the reader");
      Card c = terminal.connect("*");
      assertEquals("3B80800101", Hex.encode(c.getATR().getBytes()));
      ResponseAPDU r = c.getBasicChannel().transmit(new CommandAPDU(Hex.of("00A404000E325041592E5359532E444446303100")));
      assertEquals(0x9000, r.getSW());
      assertEquals("6F30840E325041592E5359532E4444463031", Hex.encode(r.getData()).substring(0, 36));
      ResponseAPDU unknown = c.getBasicChannel().transmit(new CommandAPDU(Hex.of("00A4040007A000000004101000")));
      assertEquals(0x6A82, unknown.getSW());
      c.disconnect(false);
      card.remove();
      assertTrue(terminal.waitForCardAbsent(5000), "card leaves the reader");
    }
  }
}

package cn.unioncard.agent.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.smartcardio.SimulatedReaders;
import cn.unioncard.sim.smartcardio.SimulatorProvider;
import cn.unioncard.sim.vpcd.VpcdCard;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;

/** Unmodified javax.smartcardio code reading the simulator's cards through {@link SimulatorProvider}. */
class SimulatorProviderTest {
  static final TerminalData TERMINAL = new TerminalData(
      Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai")), new Random(1), Hex.of("A6000000"));

  final SimulatedReaders readers = new SimulatedReaders(SimulatedReaders.CONTACTLESS, SimulatedReaders.PSAM);

  CardTerminals terminals() throws Exception {
    return TerminalFactory.getInstance(SimulatorProvider.TYPE, readers, new SimulatorProvider()).terminals();
  }

  static ReplayCard debitAndTransit() {
    return new ReplayCard(BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT));
  }

  /** What a PC/SC adapter does: the basic channel as the agent's transport. */
  static ApduTransport transport(CardChannel channel) {
    return command -> {
      try {
        return channel.transmit(new CommandAPDU(command)).getBytes();
      } catch (CardException e) {
        throw new CardIoException(e.getMessage() + ": " + e.getCause().getMessage());
      }
    };
  }

  @Test
  void listsTheSimulatorsReadersByName() throws Exception {
    assertEquals(
        Arrays.asList(SimulatedReaders.CONTACTLESS, SimulatedReaders.PSAM),
        terminals().list().stream().map(CardTerminal::getName).collect(Collectors.toList()));
    assertEquals(0, terminals().list(CardTerminals.State.CARD_PRESENT).size());
  }

  @Test
  void theSameReadAsInProcess() throws Exception {
    CardRead inProcess = new CardSession(debitAndTransit(), TERMINAL).read();

    CardTerminal reader = terminals().getTerminal(SimulatedReaders.CONTACTLESS);
    readers.slot(SimulatedReaders.CONTACTLESS).insert(debitAndTransit(), VpcdCard.CONTACTLESS_ATR);
    assertTrue(reader.waitForCardPresent(1000));
    Card card = reader.connect("*");
    assertEquals("3B80800101", Hex.encode(card.getATR().getBytes()));
    assertEquals("T=1", card.getProtocol());
    CardRead viaProvider = new CardSession(transport(card.getBasicChannel()), TERMINAL).read();

    assertEquals(summary(inProcess), summary(viaProvider));
    assertEquals(13, viaProvider.apduCount());
    assertEquals("3105170010170907984", viaProvider.transit().cardNumber());
  }

  @Test
  void insertionAndRemovalAreReaderEvents() throws Exception {
    CardTerminals t = terminals();
    Thread inserter = new Thread(() -> {
      sleep(100);
      readers.slot(SimulatedReaders.CONTACTLESS).insert(debitAndTransit(), VpcdCard.CONTACTLESS_ATR);
    });
    inserter.start();
    assertTrue(t.waitForChange(5000), "the first call waits for a change");
    inserter.join();
    assertEquals(1, t.list(CardTerminals.State.CARD_INSERTION).size());
    assertEquals(SimulatedReaders.CONTACTLESS, t.list(CardTerminals.State.CARD_PRESENT).get(0).getName());
    assertFalse(t.waitForChange(50), "nothing happened since");

    readers.slot(SimulatedReaders.CONTACTLESS).remove();
    assertTrue(t.waitForChange(1000));
    assertEquals(1, t.list(CardTerminals.State.CARD_REMOVAL).size());
    assertEquals(0, t.list(CardTerminals.State.CARD_INSERTION).size());
    assertTrue(t.getTerminal(SimulatedReaders.CONTACTLESS).waitForCardAbsent(10));
  }

  @Test
  void aRemovedCardFailsAsPcscLiteSaysAndANewCardIsANewConnection() throws Exception {
    SimulatedReaders.Slot slot = readers.slot(SimulatedReaders.CONTACTLESS);
    CardTerminal reader = terminals().getTerminal(SimulatedReaders.CONTACTLESS);
    assertThrows(CardNotPresentException.class, () -> reader.connect("*"));

    slot.insert(debitAndTransit(), VpcdCard.CONTACTLESS_ATR);
    Card card = reader.connect("T=1");
    CardChannel channel = card.getBasicChannel();
    slot.remove();
    CardException e = assertThrows(CardException.class, () -> channel.transmit(selectPpse()));
    assertEquals("SCARD_W_REMOVED_CARD", e.getCause().getMessage());

    slot.insert(debitAndTransit(), VpcdCard.CONTACTLESS_ATR);
    e = assertThrows(CardException.class, () -> channel.transmit(selectPpse()));
    assertEquals("SCARD_W_REMOVED_CARD", e.getCause().getMessage(), "the old connection stays dead");
    assertEquals(0x9000, reader.connect("*").getBasicChannel().transmit(selectPpse()).getSW());
  }

  @Test
  void aCardLeavingMidCommandIsNotTransacted() throws Exception {
    readers.slot(SimulatedReaders.CONTACTLESS).insert(command -> {
      throw new CardIoException("torn");
    }, VpcdCard.CONTACTLESS_ATR);
    Card card = terminals().getTerminal(SimulatedReaders.CONTACTLESS).connect("*");
    CardException e = assertThrows(CardException.class, () -> card.getBasicChannel().transmit(selectPpse()));
    assertEquals("SCARD_E_NOT_TRANSACTED", e.getCause().getMessage());
  }

  @Test
  void answers61xxAnd6CxxBelowTheApiAsTheJdkProviderDoes() throws Exception {
    byte[] record = Hex.of("70" + "20" + "5A08" + "6217000000000122" + "5F2403301231" + "9F0B0C" + "000000000000000000000000" + "9000");
    // a card that sends 16 bytes at a time and the rest by GET RESPONSE, and wants Le=0x22 for READ RECORD
    ApduTransport chaining = new ApduTransport() {
      int offset;

      @Override
      public byte[] transmit(byte[] c) {
        if ((c[1] & 0xFF) == 0xB2 && c.length == 5 && c[4] == 0) {
          return Hex.of("6C22");
        }
        if ((c[1] & 0xFF) == 0xB2) {
          offset = 0;
        }
        int dataLength = record.length - 2;
        int n = Math.min(16, dataLength - offset);
        byte[] out = new byte[n + 2];
        System.arraycopy(record, offset, out, 0, n);
        offset += n;
        int left = dataLength - offset;
        out[n] = (byte) (left == 0 ? 0x90 : 0x61);
        out[n + 1] = (byte) (left == 0 ? 0x00 : left);
        return out;
      }
    };
    readers.slot(SimulatedReaders.PSAM).insert(chaining, Hex.of("3B6800000000000000000000"));
    Card card = terminals().getTerminal(SimulatedReaders.PSAM).connect("*");
    ResponseAPDU r = card.getBasicChannel().transmit(new CommandAPDU(Hex.of("00B2010C00")));
    assertEquals(0x9000, r.getSW());
    assertArrayEquals(Arrays.copyOf(record, record.length - 2), r.getData());
  }

  @Test
  void defaultFactoryCanBeTheSimulator() throws Exception {
    // TerminalFactory.getDefault() reads its type once per JVM, so this runs in a JVM of its own.
    Process p = new ProcessBuilder(
            new File(System.getProperty("java.home"), "bin/java").getPath(),
            "-cp",
            System.getProperty("java.class.path"),
            DefaultFactoryMain.class.getName())
        .redirectErrorStream(true)
        .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.exitValue(), out);
    assertEquals("Simulator " + SimulatedReaders.CONTACTLESS + " 9000", out.substring(out.lastIndexOf('\n') + 1));
  }

  /** Unmodified PC/SC code: TerminalFactory.getDefault(), the first reader, SELECT PPSE. */
  public static final class DefaultFactoryMain {
    public static void main(String[] args) throws Exception {
      SimulatorProvider.installAsDefault();
      SimulatedReaders.shared().slot(SimulatedReaders.CONTACTLESS).insert(debitAndTransit(), VpcdCard.CONTACTLESS_ATR);
      TerminalFactory f = TerminalFactory.getDefault();
      CardTerminal first = f.terminals().list().get(0);
      ResponseAPDU r = first.connect("*").getBasicChannel().transmit(selectPpse());
      System.out.println(f.getType() + " " + first.getName() + " " + Integer.toHexString(r.getSW()));
    }
  }

  /** What a read shows, field by field. */
  static String summary(CardRead r) {
    return String.join(
        "|",
        String.valueOf(r.applications()),
        r.selectedAid(),
        r.panMasked(),
        String.valueOf(r.expiry()),
        r.cardholderName(),
        String.valueOf(r.ecBalanceFen()),
        r.transit() == null ? "-" : r.transit().cardNumber() + "/" + r.transit().balanceFen() + "/"
            + r.transit().purseRecords().size() + "/" + r.transit().trips().size(),
        String.valueOf(r.problems()),
        String.valueOf(r.apduCount()));
  }

  static CommandAPDU selectPpse() {
    return new CommandAPDU(Hex.of("00A404000E325041592E5359532E444446303100"));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

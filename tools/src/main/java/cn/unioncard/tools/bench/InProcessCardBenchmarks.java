package cn.unioncard.tools.bench;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.replay.ReplayTrace;
import cn.unioncard.sim.smartcardio.SimulatedReaders;
import cn.unioncard.sim.smartcardio.SimulatorProvider;
import cn.unioncard.sim.vpcd.VpcdCard;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;

/**
 * The card path in this process, over the simulator's replay card of {@code debit-and-transit.trace}:
 * {@code apdu-rtt-inprocess}, {@code read} and {@code read-provider}.
 */
final class InProcessCardBenchmarks {
  private static final String READER = "Bench 00 00";

  private final BenchSettings settings;

  InProcessCardBenchmarks(BenchSettings settings) {
    this.settings = settings;
  }

  /** {@code apdu-rtt-inprocess}: one APDU (GET BALANCE) to the replay card in the same process. */
  ObjectNode apduRoundTrip() throws Exception {
    ReplayCard card = new ReplayCard(BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT));
    byte[] getBalance = Hex.of("805C000204");
    return Measurement.timed("apdu-rtt-inprocess", "us", settings.n(), () -> card.transmit(getBalance));
  }

  /** {@code read}: the whole card read of the debit-and-transit card (13 APDUs) over the in-process replay card. */
  ObjectNode read() throws Exception {
    ReplayTrace trace = BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT);
    TerminalData terminal = TerminalData.defaults();
    int[] apdus = new int[1];
    ObjectNode r = Measurement.timed("read", "us", settings.n(), () -> {
      CardRead cr = new CardSession(new ReplayCard(trace), terminal).read();
      apdus[0] = cr.apduCount();
    });
    r.put("apdus", apdus[0]);
    r.put("card", BundledTraces.DEBIT_AND_TRANSIT);
    return r;
  }

  /**
   * {@code read-provider}: the same card read through the simulator's {@code javax.smartcardio} provider: unmodified
   * PC/SC calls ({@code CardChannel.transmit}) to the replay card in a simulated reader, in this JVM (at most 5,000
   * reads after a quarter as many unmeasured).
   */
  ObjectNode readThroughProvider() throws Exception {
    SimulatedReaders readers = new SimulatedReaders(READER);
    ReplayTrace trace = BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT);
    CardTerminal reader = TerminalFactory
        .getInstance(SimulatorProvider.TYPE, readers, new SimulatorProvider())
        .terminals().getTerminal(READER);
    TerminalData terminal = TerminalData.defaults();
    int[] apdus = new int[1];
    int count = Math.min(settings.n(), 5000);
    long[] t = new long[count];
    for (int i = 0; i < count + count / 4; i++) {
      readers.slot(READER).insert(new ReplayCard(trace), VpcdCard.CONTACTLESS_ATR);
      CardChannel channel = reader.connect("*").getBasicChannel();
      long start = System.nanoTime();
      CardRead r = new CardSession(command -> {
        try {
          return channel.transmit(new CommandAPDU(command)).getBytes();
        } catch (CardException e) {
          throw new CardIoException(e.getMessage());
        }
      }, terminal).read();
      long took = System.nanoTime() - start;
      readers.slot(READER).remove();
      apdus[0] = r.apduCount();
      if (i >= count / 4) {
        t[i - count / 4] = took;
      }
    }
    ObjectNode o = Measurement.summary("read-provider", "us", t);
    o.put("apdus", apdus[0]);
    o.put("card", BundledTraces.DEBIT_AND_TRANSIT);
    return o;
  }
}

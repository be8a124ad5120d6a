package cn.unioncard.sim.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the replay card looks its exchanges up by match key instead of scanning the trace for every command.
 * The rules stay those of docs/simulator.md: checked against the scan it replaced, on seeded random traces.
 */
class ReplayCardIndexTest {
  /** Headers that carry the terminal's values (GPO, GENERATE AC, purse, PSAM) and some that do not. */
  static final String[] HEADERS = {
    "00A40400", "00B2010C", "00B2020C", "00B09500", "80CA9F79", "80A80000", "80AE8000", "00880000",
    "80500302", "00500302", "805C0002", "80DC0000", "00DC0000", "80700000", "80720000",
  };

  static byte[] command(Random r) {
    String header = HEADERS[r.nextInt(HEADERS.length)];
    int n = r.nextInt(3); // few distinct data, so commands repeat
    return Hex.of(n == 0 ? header + "00" : header + "02" + String.format("%04X", r.nextInt(3)) + "00");
  }

  /** The scan the index replaced: the next unused matching exchange, else the last matching one. */
  static byte[] scan(List<ReplayTrace.Exchange> exchanges, boolean[] used, CommandApdu c) {
    int last = -1;
    for (int i = 0; i < exchanges.size(); i++) {
      if (ReplayCard.matches(exchanges.get(i).command(), c)) {
        if (!used[i]) {
          used[i] = true;
          return exchanges.get(i).response();
        }
        last = i;
      }
    }
    if (last >= 0) {
      return exchanges.get(last).response();
    }
    return Hex.of(c.ins() == 0xA4 ? "6A82" : "6D00");
  }

  @Test
  void answersAsTheScanDidOnSeededRandomTraces() throws Exception {
    Random r = new Random(19);
    for (int round = 0; round < 200; round++) {
      StringBuilder text = new StringBuilder();
      int pairs = 1 + r.nextInt(40);
      for (int i = 0; i < pairs; i++) {
        text.append(Hex.encode(command(r))).append('\n').append(String.format("%08X9000", r.nextInt())).append('\n');
      }
      ReplayTrace trace = ReplayTrace.parse(new StringReader(text.toString()), "random");
      ReplayCard card = new ReplayCard(trace);
      boolean[] used = new boolean[trace.exchanges().size()];
      for (int i = 0; i < 80; i++) {
        if (r.nextInt(30) == 0) {
          card.reset();
          used = new boolean[used.length];
        }
        byte[] c = command(r);
        assertArrayEquals(scan(trace.exchanges(), used, CommandApdu.parse(c)), card.transmit(c),
            "round " + round + " command " + Hex.encode(c));
      }
    }
  }

  @Test
  void equalKeysAreExactlyMatchingCommands() throws Exception {
    Random r = new Random(1919);
    for (int i = 0; i < 20_000; i++) {
      CommandApdu a = CommandApdu.parse(command(r));
      CommandApdu b = CommandApdu.parse(command(r));
      assertEquals(ReplayCard.matches(a, b), ExchangeIndex.key(a).equals(ExchangeIndex.key(b)),
          a + " / " + b);
    }
  }

  @Test
  void aTraceOfFiftyThousandExchangesReplaysInOrderAndBackwards() throws Exception {
    int n = 50_000;
    StringBuilder text = new StringBuilder();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      text.append(String.format("00B2%02X%02X00%n", 1 + i % 255, (1 + (i / 255) % 31) << 3 | 4));
      String answer = String.format("70%08X9000", i);
      answers.add(answer);
      text.append(answer).append('\n');
      // the same GET PROCESSING OPTIONS recorded again and again: a long list behind one key
      text.append("80A80000028300\n").append(String.format("77%08X9000", i)).append('\n');
    }
    ReplayTrace trace = ReplayTrace.parse(new StringReader(text.toString()), "large");
    assertEquals(2 * n, trace.exchanges().size());
    ReplayCard card = new ReplayCard(trace);
    for (int i = 0; i < n; i++) {
      assertEquals(String.format("77%08X9000", i), Hex.encode(card.transmit(Hex.of("80A8000002830000"))));
    }
    assertEquals(String.format("77%08X9000", n - 1), Hex.encode(card.transmit(Hex.of("80A8000002830000"))));
    // 50,000 READ RECORDs over 7,905 record numbers: each answered with its first unused recording
    for (int i = 0; i < n; i++) {
      String c = String.format("00B2%02X%02X00", 1 + i % 255, (1 + (i / 255) % 31) << 3 | 4);
      assertEquals(answers.get(i), Hex.encode(card.transmit(Hex.of(c))));
    }
    card.reset();
    for (int i = n - 1; i >= n - 7905; i--) {
      String c = String.format("00B2%02X%02X00", 1 + i % 255, (1 + (i / 255) % 31) << 3 | 4);
      int first = i % 7905;
      assertEquals(answers.get(first), Hex.encode(card.transmit(Hex.of(c))), "after reset: the first recording");
    }
  }
}

package cn.unioncard.sim.replay;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace's exchanges grouped by what a command must match ({@link ReplayCard}): the header alone for commands that
 * carry the terminal's own values, the header and the data for every other. Finding a command's answers is one hash
 * look-up, so replaying a trace takes time linear in its size.
 */
final class ExchangeIndex {
  /** The exchanges of one key, in trace order, and how many of them were used. */
  private static final class Answers {
    final List<ReplayTrace.Exchange> exchanges = new ArrayList<>();
    int used;
  }

  private final Map<String, Answers> byKey = new HashMap<>();

  ExchangeIndex(List<ReplayTrace.Exchange> exchanges) {
    for (ReplayTrace.Exchange e : exchanges) {
      byKey.computeIfAbsent(key(e.command()), k -> new Answers()).exchanges.add(e);
    }
  }

  /**
   * The response of the next unused exchange matching {@code command}; the last matching one when all were used;
   * null when none matches.
   */
  byte[] answer(CommandApdu command) {
    Answers a = byKey.get(key(command));
    if (a == null) {
      return null;
    }
    if (a.used < a.exchanges.size()) {
      return a.exchanges.get(a.used++).response();
    }
    return a.exchanges.get(a.exchanges.size() - 1).response();
  }

  /** Forgets which exchanges were used. */
  void reset() {
    for (Answers a : byKey.values()) {
      a.used = 0;
    }
  }

  /** The match key: two commands match ({@link ReplayCard#matches}) exactly when their keys are equal. */
  static String key(CommandApdu c) {
    String header = Hex.encode(new byte[] {(byte) c.cla(), (byte) c.ins(), (byte) c.p1(), (byte) c.p2()});
    return ReplayCard.carriesTerminalValues(c) ? header : header + ":" + Hex.encode(c.data());
  }
}

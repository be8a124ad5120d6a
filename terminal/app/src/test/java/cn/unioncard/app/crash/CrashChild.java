package cn.unioncard.app.crash;

import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.daemon.Agent;
import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.TerminalFiles;
import cn.unioncard.sim.smartcardio.SimulatorProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javax.smartcardio.TerminalFactory;

/**
 * The agent process the crash test kills: a checkout and a bus validator, started from their configuration files
 * as the daemon starts them, with simulated readers inside this process (cards and PSAM keep their state in files,
 * written at every change, so a card outlives the process as a real one does). Commands on standard input, one per
 * line: {@code insert shop|gate SPEC}, {@code remove shop|gate}, {@code pending}, {@code quit}. It prints
 * {@code ready} once both terminals have signed on, and {@code tap OUTCOME CHARGED TRANSACTION} at every tap. A card
 * {@code trap:WINDOW:SPEC} ({@link TrapCard}) stops the process at that step and prints {@code trapped WINDOW}.
 */
public final class CrashChild {
  static final String SHOP_READER = "Crash Shop";
  static final String GATE_READER = "Crash Gate";

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    String bankUrl = args[1];
    int registerPort = Integer.parseInt(args[2]);
    CardFactory cards = new CardFactory(dir.resolve("cards"));
    TrapCard.register(cards);
    Simulator shop = Simulator.start(new Simulator.Options(Simulator.Backend.PROVIDER, SHOP_READER, 0), cards);
    Simulator gate = Simulator.start(new Simulator.Options(Simulator.Backend.PROVIDER, GATE_READER, 0), cards);
    gate.insert("psam", "psam:crash");
    Path checkoutFile = TerminalFiles.write(dir, AgentCrashTest.CHECKOUT, "checkout",
        "  merchant_id: " + AgentCrashTest.MERCHANT + "\n",
        "register:\n  tcp_listen: 127.0.0.1:" + registerPort + "\ncheckout:\n  card_timeout: 10s\n",
        SHOP_READER + " 00 00", null, bankUrl);
    Path gateFile = TerminalFiles.write(dir, AgentCrashTest.GATE, "bus_validator", "",
        "gate:\n  line: \"0007\"\n  city_code: \"5180\"\n  institution_code: \"0000000000000001\"\n"
            + "  recovery_window: 1h\n  fare_table: fares.json\n",
        GATE_READER + " 00 00", GATE_READER + " 00 01", bankUrl);
    Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
    Agent checkout = Agent.start(AgentConfig.load(checkoutFile), clock, provider(shop), t -> { });
    Agent bus = Agent.start(AgentConfig.load(gateFile), clock, provider(gate), CrashChild::tapped);
    long readersUp = System.nanoTime();
    while (!checkout.signedOn() || !bus.signedOn() || checkout.rules() == null) {
      Thread.sleep(20);
    }
    // past the readers' settle time (1 s from their start): a card laid on them now is a fresh tap
    long settled = readersUp + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1200);
    java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.max(0, settled - System.nanoTime()));
    System.out.println("ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] w = line.split(" ", 3);
      Simulator sim = w.length > 1 && w[1].equals("gate") ? gate : shop;
      switch (w[0]) {
        case "insert":
          sim.insert("contactless", w[2]);
          break;
        case "remove":
          sim.remove("contactless");
          break;
        case "pending":
          checkout.settlement().wake();
          bus.settlement().wake();
          System.out.println("pending " + pending(checkout, bus));
          break;
        case "quit":
          checkout.stop(Duration.ofSeconds(10));
          bus.stop(Duration.ofSeconds(10));
          System.out.println("bye");
          System.exit(0);
          break;
        default:
          System.out.println("unknown command " + line);
      }
    }
  }

  private static long pending(Agent... agents) throws StoreException {
    long n = 0;
    for (Agent a : agents) {
      n += a.store().uploads().pendingCount() + a.store().unfinished().size();
    }
    return n;
  }

  private static void tapped(TapResult t) {
    System.out.println("tap " + t.outcome() + " " + t.chargedFen() + " " + t.transactionId());
  }

  private static TerminalFactory provider(Simulator sim) throws Exception {
    return TerminalFactory.getInstance(SimulatorProvider.TYPE, sim.providerReaders(), new SimulatorProvider());
  }
}

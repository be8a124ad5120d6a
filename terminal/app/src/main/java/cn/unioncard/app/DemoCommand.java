package cn.unioncard.app;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.agent.card.TransportException;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ucard demo}: the main job on embedded defaults. It grows with each part of the product. */
@Command(name = "demo", description = "Run the demonstration on embedded defaults (no hardware needed).")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws TransportException {
    PrintWriter out = spec.commandLine().getOut();
    out.println("demo: reading the bundled card traces (recorded cards replayed by the simulator)");
    int cards = 0;
    for (String name : BundledTraces.NAMES) {
      CardRead read = new CardSession(new ReplayCard(BundledTraces.load(name)), TerminalData.defaults()).read();
      out.println();
      CardReadPrinter.human(out, "card " + name, read);
      cards++;
    }
    out.println();
    out.println("demo: " + cards + " cards read");
    out.flush();
    return Ucard.OK;
  }
}

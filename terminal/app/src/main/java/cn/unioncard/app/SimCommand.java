package cn.unioncard.app;

import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.control.ControlServer;
import cn.unioncard.sim.vpcd.PcscDaemon;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ucard sim}: the simulator as a process of its own, driven through its control API. */
@Command(
    name = "sim",
    description = {
      "Run the simulator: virtual card readers (behind pcscd when it is installed) and a control API on loopback",
      "to insert, tap and remove cards (docs/simulator.md). Runs until interrupted (Ctrl-C, SIGTERM)."
    })
final class SimCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "8765",
      description = "Port of the control API on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
  int controlPort;

  @Option(names = "--readers", paramLabel = "WAY", defaultValue = "auto",
      description = "How the readers are reached: pcscd (the real pcscd with vsmartcard's vpcd), provider "
          + "(only inside this JVM), or auto (pcscd when it can run here). Default: ${DEFAULT-VALUE}.")
  String readers;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where cards opened by profile keep their state (default: ~/.ucard/sim/cards).")
  java.nio.file.Path stateDir;

  @Override
  public Integer call() throws Exception {
    java.nio.file.Path cardsDir = stateDir != null
        ? stateDir
        : java.nio.file.Paths.get(System.getProperty("user.home"), ".ucard", "sim", "cards");
    PrintWriter out = spec.commandLine().getOut();
    Simulator.Options options = Simulator.Options.defaults();
    switch (readers) {
      case "auto":
        break;
      case "pcscd": {
        String why = PcscDaemon.unavailableReason();
        if (why != null) {
          throw new UserError("--readers pcscd: " + why, Ucard.FAILED);
        }
        options = options.withBackend(Simulator.Backend.PCSCD);
        break;
      }
      case "provider":
        options = options.withBackend(Simulator.Backend.PROVIDER);
        break;
      default:
        throw new UserError("--readers must be auto, pcscd or provider, not '" + readers + "'", Ucard.BAD_INPUT);
    }
    if (controlPort < 0 || controlPort > 65535) {
      throw new UserError("--control-port must be 0 to 65535", Ucard.BAD_INPUT);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (Simulator sim = Simulator.start(options, new CardFactory(cardsDir));
        ControlServer control = startControl(sim)) {
      Thread hook = new Thread(stopped::countDown, "ucard-sim-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      if (sim.backend() == Simulator.Backend.PCSCD) {
        out.println("ucard sim: readers behind pcscd (vpcd):");
      } else if (readers.equals("provider")) {
        out.println("ucard sim: readers inside this JVM only (--readers provider):");
      } else {
        out.println("ucard sim: readers inside this JVM only, because " + PcscDaemon.unavailableReason() + ":");
      }
      for (Simulator.ReaderInfo r : sim.readers()) {
        out.println("  " + r.id() + ": \"" + r.pcscName() + "\"");
      }
      out.println("ucard sim: control API on " + control.address() + "/v1/ (see docs/simulator.md), for example:");
      out.println("  curl -s -X POST " + control.address()
          + "/v1/readers/contactless/tap -d '{\"card\":\"profile:model-worker\"}'");
      out.println("ucard sim: cards opened by profile keep their state in " + cardsDir);
      out.println("ucard sim: running; Ctrl-C stops it");
      out.flush();
      stopped.await();
    }
    return Ucard.OK;
  }

  private ControlServer startControl(Simulator sim) {
    try {
      return ControlServer.start(sim, controlPort);
    } catch (IOException e) {
      sim.close();
      throw new UserError("cannot open the control API on port " + controlPort + ": " + e.getMessage(), Ucard.FAILED);
    }
  }
}

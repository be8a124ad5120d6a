package cn.unioncard.tools;

import cn.unioncard.app.Ucard;
import cn.unioncard.app.UserError;
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
    mixinStandardHelpOptions = true,
    description = {
      "Run the simulator until interrupted (Ctrl-C, SIGTERM).",
      "Virtual card readers (behind pcscd when it is installed) and a control API on loopback to insert, tap and "
          + "remove cards (docs/simulator.md)."
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
      description = "Where the simulator keeps its state: cards opened by profile (DIR/cards), the bank's ledger"
          + " (DIR/bank.db) and its CA certificate (DIR/bank-ca.pem). Default: ~/.ucard/sim.")
  java.nio.file.Path stateDir;

  @Option(names = "--bank-port", paramLabel = "PORT", defaultValue = "8443",
      description = "Port of the bank's HTTPS API on 127.0.0.1 (0: any free port; -1: no bank). Default: ${DEFAULT-VALUE}.")
  int bankPort;

  @Option(names = "--register", paramLabel = "HOST:PORT",
      description = "Connect the simulated cash register to the terminal's register port (TCP) at start; it can also"
          + " be connected later through the control API.")
  String registerTarget;

  @Option(names = "--no-register",
      description = "No simulated cash register: bring your own register client (the terminal serves one register"
          + " at a time, and the simulator's, once connected, connects again after a loss).")
  boolean noRegister;

  @Option(names = "--pin-pad-terminal", paramLabel = "ID", defaultValue = "T0000001",
      description = "The terminal whose PIN key (from this simulator's bank, as issued at its latest sign-on) the PIN"
          + " pad on a pseudo-terminal and the register's built-in PIN pad use; none: no PIN pad on a pseudo-terminal."
          + " Default: ${DEFAULT-VALUE}.")
  String pinPadTerminal;

  @Override
  public Integer call() throws Exception {
    java.nio.file.Path home = stateDir != null
        ? stateDir
        : java.nio.file.Paths.get(System.getProperty("user.home"), ".ucard", "sim");
    java.nio.file.Path cardsDir = home.resolve("cards");
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
    CountDownLatch closed = new CountDownLatch(1);
    if (bankPort < -1 || bankPort > 65535) {
      throw new UserError("--bank-port must be -1 to 65535", Ucard.BAD_INPUT);
    }
    boolean pinPadWanted = !pinPadTerminal.equals("none");
    if (pinPadWanted && !pinPadTerminal.matches("[A-Z0-9]{8,16}")) {
      throw new UserError("--pin-pad-terminal must be a terminal id (8 to 16 of A-Z and 0-9) or none, not '"
          + pinPadTerminal + "'", Ucard.BAD_INPUT);
    }
    if (noRegister && registerTarget != null) {
      throw new UserError("--register and --no-register exclude each other", Ucard.BAD_INPUT);
    }
    java.nio.file.Files.createDirectories(home);
    try (Simulator sim = Simulator.start(options, new CardFactory(cardsDir));
        ControlServer control = startControl(sim);
        cn.unioncard.sim.bank.BankSimulator bank = bankPort < 0 ? null : startBank(home, control);
        cn.unioncard.sim.ecr.RegisterControl register = noRegister ? null
            : new cn.unioncard.sim.ecr.RegisterControl(ControlServer.JSON, cn.unioncard.ports.ecr.EcrConfig.defaults(),
                bank == null || !pinPadWanted ? null : SimPinPad.entryFor(bank, pinPadTerminal));
        SimPinPad pinPad = bank == null || !pinPadWanted || SimPinPad.unavailable() != null
            ? null : startPinPad(home, bank, control)) {
      if (register != null) {
        control.mount(cn.unioncard.sim.ecr.RegisterControl.PREFIX, register);
      }
      if (registerTarget != null) {
        int colon = registerTarget.lastIndexOf(':');
        try {
          register.connect(registerTarget.substring(0, colon), Integer.parseInt(registerTarget.substring(colon + 1)));
        } catch (RuntimeException e) {
          throw new UserError("--register must be HOST:PORT, not '" + registerTarget + "'", Ucard.BAD_INPUT);
        }
      }
      // SIGTERM or Ctrl-C: the hook lets this thread close everything (pcscd, socat, the bank) and waits for it, since
      // the JVM halts when its hooks have returned
      Thread hook = new Thread(() -> {
        stopped.countDown();
        try {
          closed.await(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "ucard-sim-stop");
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
      if (bank != null) {
        out.println("ucard sim: the bank on " + bank.baseUrl() + " (trust only " + home.resolve("bank-ca.pem")
            + "); its control API under " + control.address() + "/bank/");
        out.println("ucard sim: the bank knows the terminals " + String.join(", ", TEST_TERMINALS) + " (test keys), the"
            + " merchant " + cn.unioncard.sim.SimShop.MERCHANT + " (as in ucard.example.yaml), the bundled cards, and"
            + " publishes the union's discount rules");
      }
      if (register == null) {
        out.println("ucard sim: no cash register (--no-register): connect your own to the terminal's register port");
      } else {
        out.println("ucard sim: the cash register under " + control.address()
            + cn.unioncard.sim.ecr.RegisterControl.PREFIX
            + (registerTarget == null ? " (not connected yet)" : " (connected to " + registerTarget + ")"));
      }
      if (pinPad != null) {
        out.println("ucard sim: the PIN pad on " + pinPad.device() + " (for the terminal's pin_pad.serial), with the PIN"
            + " key " + pinPadTerminal + " got at its latest sign-on; the member under " + control.address()
            + cn.unioncard.sim.ecr.PinPadControl.PREFIX + ", for example:");
        out.println("  curl -s -X POST " + control.address() + cn.unioncard.sim.ecr.PinPadControl.PREFIX
            + "/member -d '{\"action\":\"type\",\"pin\":\"" + cn.unioncard.sim.ProfileBank.PIN + "\"}'");
      } else if (pinPadWanted) {
        out.println("ucard sim: no PIN pad on a pseudo-terminal: " + (bank == null
            ? "it needs this simulator's bank for the terminal's PIN key (--bank-port -1 was given)"
            : SimPinPad.unavailable()));
      }
      out.println("ucard sim: running; Ctrl-C stops it");
      out.flush();
      if (onRunning != null) {
        onRunning.accept(new Running(sim, control.address(), bank, stopped::countDown));
      }
      stopped.await();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for closed below
      }
    } finally {
      closed.countDown();
    }
    return Ucard.OK;
  }

  /** The bank on loopback, its ledger in HOME/bank.db, seeded with the bundled cards and the test terminals. */
  private cn.unioncard.sim.bank.BankSimulator startBank(java.nio.file.Path home, ControlServer control)
      throws Exception {
    cn.unioncard.sim.bank.BankSimulator bank;
    try {
      bank = cn.unioncard.sim.bank.BankSimulator.start(
          new cn.unioncard.sim.bank.BankSimulator.Config(home.resolve("bank.db"), bankPort, -1, null, null));
    } catch (RuntimeException e) {
      throw new UserError("cannot start the bank on port " + bankPort + ": " + Ucard.oneLine(e), Ucard.FAILED);
    }
    java.nio.file.Files.write(home.resolve("bank-ca.pem"), bank.caPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    cn.unioncard.sim.ProfileBank.seed(bank);
    cn.unioncard.sim.SimShop.seed(bank, java.time.Clock.systemUTC());
    for (String terminal : TEST_TERMINALS) {
      bank.addTerminal(terminal);
    }
    control.mount(cn.unioncard.sim.bank.BankControl.PREFIX + "/", bank.controlHandler());
    return bank;
  }

  /** The PIN pad on a pseudo-terminal in HOME/pinpad, keyed by the bank, its member under the control API. */
  private SimPinPad startPinPad(java.nio.file.Path home, cn.unioncard.sim.bank.BankSimulator bank,
      ControlServer control) throws InterruptedException {
    SimPinPad pad;
    try {
      pad = SimPinPad.start(home.resolve("pinpad"), SimPinPad.entryFor(bank, pinPadTerminal),
          cn.unioncard.ports.ecr.EcrConfig.defaults());
    } catch (IOException e) {
      throw new UserError("cannot start the PIN pad on a pseudo-terminal: " + e.getMessage(), Ucard.FAILED);
    }
    control.mount(cn.unioncard.sim.ecr.PinPadControl.PREFIX, new cn.unioncard.sim.ecr.PinPadControl(ControlServer.JSON,
        pad.pad(), pad.device().toString(), pinPadTerminal));
    return pad;
  }

  /** What a test in this JVM needs of a running simulator: its readers, control API, bank, and a way to stop it. */
  record Running(Simulator sim, java.net.URI controlAddress, cn.unioncard.sim.bank.BankSimulator bank, Runnable stop) {}

  /** Told once everything runs (tests in this JVM); null from the command line. */
  java.util.function.Consumer<Running> onRunning;

  /** The terminal ids the bank knows from the start, with their test keys (docs/bank-api.md, Test keys). */
  static final String[] TEST_TERMINALS = {"T0000001", "G0000001"};

  private ControlServer startControl(Simulator sim) {
    try {
      return ControlServer.start(sim, controlPort);
    } catch (IOException e) {
      sim.close();
      throw new UserError("cannot open the control API on port " + controlPort + ": " + e.getMessage(), Ucard.FAILED);
    }
  }
}

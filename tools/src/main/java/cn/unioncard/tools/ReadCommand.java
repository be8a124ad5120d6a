package cn.unioncard.tools;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.app.Ucard;
import cn.unioncard.app.UserError;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.replay.ReplayTrace;
import cn.unioncard.sim.replay.TraceFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ucard read}: read a card and show what it holds. */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Read a card and show what it holds.")
final class ReadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--replay", paramLabel = "FILE", required = true,
      description = "Read a card recorded in a trace file (command and response lines in hex).")
  Path replay;

  @Option(names = "--json", description = "Print one JSON object instead of text for a person.")
  boolean json;

  @Override
  public Integer call() throws TransportException {
    ReplayTrace trace = loadTrace(replay);
    CardRead read = new CardSession(new ReplayCard(trace), TerminalData.defaults()).read();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CardReadPrinter.json(read));
    } else {
      CardReadPrinter.human(out, "card " + replay.getFileName(), read);
    }
    out.flush();
    return Ucard.OK;
  }

  /** The trace in {@code file}, read within its bound ({@link ReplayTrace#MAX_SIZE}), or one line and exit 2. */
  static ReplayTrace loadTrace(Path file) {
    try {
      return ReplayTrace.read(file);
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file", Ucard.BAD_INPUT);
    } catch (IOException e) {
      throw new UserError(file + ": cannot be read: " + e.getMessage(), Ucard.BAD_INPUT);
    } catch (TraceFormatException e) {
      throw new UserError(e.getMessage(), Ucard.BAD_INPUT);
    }
  }
}

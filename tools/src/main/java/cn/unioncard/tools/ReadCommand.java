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
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  static ReplayTrace loadTrace(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return ReplayTrace.parse(r, file.toString());
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file", Ucard.BAD_INPUT);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new UserError(file + ": not a text file, so not a trace", Ucard.BAD_INPUT);
    } catch (IOException e) {
      throw new UserError(file + ": cannot be read: " + e.getMessage(), Ucard.BAD_INPUT);
    } catch (TraceFormatException e) {
      throw new UserError(e.getMessage(), Ucard.BAD_INPUT);
    }
  }
}

package cn.unioncard.app;

import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.config.ConfigException;
import cn.unioncard.app.daemon.StartChecks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ucard run --config FILE}: the terminal agent as a daemon. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the terminal agent as a daemon, as the configuration file says.",
      "The agent runs the readers, the register link, the store and the settlement worker (docs/configuration.md). "
          + "SIGTERM finishes the transaction in progress, takes no new one, flushes and exits 0. Exit status 2: "
          + "the configuration is wrong (a line per problem, naming the key); nothing was started."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The configuration file (YAML).")
  Path config;

  @Option(names = "--check", description = "Check the configuration file and what it names as run would, and exit: 0 when it is good, 2 when"
          + " not.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    AgentConfig c = load(config, true);
    List<ConfigException> problems = StartChecks.check(c);
    if (!problems.isEmpty()) {
      throw new UserError(lines(config, problems), Ucard.BAD_INPUT);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (check) {
      out.println("ucard run: " + config + " is good: " + c.terminal().kind().key() + " " + c.terminal().id()
          + ", store " + c.store().path() + ", bank " + c.bank().url());
      out.flush();
      return Ucard.OK;
    }
    return cn.unioncard.app.daemon.Daemon.run(c, out);
  }

  /** Loads the configuration, or fails with a line for each problem, naming the file and the key (exit status 2). */
  static AgentConfig load(Path file) {
    return load(file, false);
  }

  /** As {@link #load(Path)}; {@code startChecks}: a bad file's lines include what the start checks find in it. */
  private static AgentConfig load(Path file, boolean startChecks) {
    try {
      return AgentConfig.load(file);
    } catch (ConfigException e) {
      List<ConfigException> all = new ArrayList<>(e.problems());
      if (startChecks && e.partial() != null) {
        all.addAll(StartChecks.check(e.partial(), e.problems()));
      }
      throw new UserError(lines(file, all), Ucard.BAD_INPUT);
    }
  }

  private static List<String> lines(Path file, List<ConfigException> problems) {
    List<String> lines = new ArrayList<>();
    for (ConfigException p : problems) {
      lines.add(p.key().isEmpty() ? p.getMessage() : file + ": " + p.getMessage());
    }
    return lines;
  }
}

package cn.unioncard.app;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code ucard} command line. Exit statuses: 0 success, 1 the job failed, 2 bad input (usage, a file that is
 * not what it should be). Errors are one line for a person; {@code --debug} adds the stack trace.
 */
@Command(
    name = "ucard",
    mixinStandardHelpOptions = true,
    versionProvider = Ucard.Version.class,
    description = "UnionCard Terminal: union member service cards at the checkout and the gate.",
    subcommands = {
      RunCommand.class,
      StatusCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Ucard {
  /** The job ran and succeeded. */
  public static final int OK = 0;
  /** The job ran and failed (a card refused, a check that did not hold). */
  public static final int FAILED = 1;
  /** Bad input: usage, a malformed file. */
  public static final int BAD_INPUT = 2;

  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean debug;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status (for tests). */
  public static int run(String... args) {
    return run(List.of(), args);
  }

  /**
   * Runs the command line with more subcommands than the product's own (the developer's tools add theirs) and
   * returns the exit status.
   */
  public static int run(List<Object> moreCommands, String... args) {
    for (String a : args) {
      if (a.equals("--debug") && System.getProperty("ucard.apdu.level") == null) {
        System.setProperty("ucard.apdu.level", "DEBUG"); // before the first logger is made
      }
    }
    Ucard top = new Ucard();
    CommandLine cli = new CommandLine(top);
    for (Object command : moreCommands) {
      cli.addSubcommand(command);
    }
    for (CommandLine sub : cli.getSubcommands().values()) { // each --version says the product's
      if (sub.getCommandSpec().versionProvider() == null) {
        sub.getCommandSpec().versionProvider(new Version());
      }
    }
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UserError) {
            for (String line : ((UserError) ex).lines()) {
              commandLine.getErr().println("ucard: " + line);
            }
            if (top.debug) {
              ex.printStackTrace(commandLine.getErr());
            }
            return ((UserError) ex).exitCode();
          }
          commandLine.getErr().println("ucard: " + oneLine(ex));
          if (top.debug) {
            ex.printStackTrace(commandLine.getErr());
          } else {
            commandLine.getErr().println("ucard: run again with --debug for details");
          }
          return FAILED;
        });
    cli.setParameterExceptionHandler(
        (ex, badArgs) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("ucard: " + ex.getMessage());
          c.getErr().println("ucard: see '" + c.getCommandSpec().qualifiedName() + " --help'");
          return BAD_INPUT;
        });
    return cli.execute(args);
  }

  public static String oneLine(Throwable ex) {
    String m = ex.getMessage();
    return (m == null || m.isEmpty()) ? ex.getClass().getSimpleName() : m.replace('\n', ' ');
  }

  /** The version from the jar's manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Ucard.class.getPackage().getImplementationVersion();
      return new String[] {"ucard " + (v == null ? "development" : v)};
    }
  }
}

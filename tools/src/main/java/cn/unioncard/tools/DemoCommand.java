package cn.unioncard.tools;

import cn.unioncard.app.Ucard;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ucard demo}: a whole business day on embedded defaults. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Play a whole business day on embedded defaults, no hardware needed.",
      "Members buying with discounts and split tender, a refund, bus and metro taps with concessions and a "
          + "transfer, a hotlisted card, a torn tap, a bank outage, and the day closed and reconciled. Exit status 0 "
          + "only when it all holds."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--keep", description = "Leave the simulator and the agents running afterwards (Ctrl-C stops them).")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (System.getProperty("ucard.log.level") == null) {
      // the day's lines are the output; the agents' own log only for errors (-Ducard.log.level=INFO for all)
      cn.unioncard.app.daemon.Daemon.Logging.apply(new cn.unioncard.app.config.AgentConfig.Logging("error",
          System.getProperty("ucard.apdu.level", "warn").toLowerCase(java.util.Locale.ROOT)));
    }
    Path dir = Files.createTempDirectory("ucard-demo-");
    BusinessDay.Summary summary;
    try (BusinessDay day = new BusinessDay(out, dir)) {
      day.start();
      summary = day.play();
      out.println(summary.line());
      out.flush();
      if (keep) {
        day.keep();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "ucard-demo-stop"));
        stop.await();
      }
    } finally {
      if (!keep) {
        deleteQuietly(dir);
      }
    }
    return summary.ok() ? Ucard.OK : Ucard.FAILED;
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temp dir left behind is harmless
    }
  }
}

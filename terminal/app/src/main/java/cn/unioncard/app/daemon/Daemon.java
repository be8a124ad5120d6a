package cn.unioncard.app.daemon;

import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.config.ConfigException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ucard run}: starts the agent, waits for SIGTERM or SIGINT, stops it in order, and exits 0. */
public final class Daemon {
  private static final Logger LOG = LoggerFactory.getLogger("cn.unioncard.agent");

  /** How long a stop waits for the transaction in progress. */
  static final Duration GRACE = Duration.ofSeconds(60);

  private Daemon() {}

  /** Exit statuses as {@code ucard}'s: 0 stopped cleanly, 1 a part could not start, 2 the configuration is wrong. */
  public static int run(AgentConfig config, PrintWriter out) throws InterruptedException {
    Logging.apply(config.logging());
    CountDownLatch stop = new CountDownLatch(1);
    // A plain shutdown hook cannot choose the exit status (the JVM ends with 143 on SIGTERM): handle the signals.
    for (String name : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
        LOG.info("SIG{} received: stopping", signal.getName());
        stop.countDown();
      });
    }
    Agent agent;
    try {
      agent = Agent.start(config, Clock.systemDefaultZone());
    } catch (ConfigException e) {
      out.flush();
      System.err.println("ucard: " + config.file() + ": " + e.getMessage());
      return 2;
    } catch (Agent.StartException e) {
      System.err.println("ucard: " + e.getMessage());
      return 1;
    }
    out.println("ucard run: " + config.terminal().kind().key().replace('_', ' ') + " " + config.terminal().id()
        + " running (store " + config.store().path() + "); SIGTERM stops it");
    out.flush();
    stop.await();
    agent.stop(GRACE);
    out.println("ucard run: stopped");
    out.flush();
    return 0;
  }

  /** The log levels of the configuration, set on Logback (the app's only logging implementation). */
  public static final class Logging {
    private Logging() {}

    public static void apply(AgentConfig.Logging logging) {
      org.slf4j.ILoggerFactory f = LoggerFactory.getILoggerFactory();
      if (f instanceof ch.qos.logback.classic.LoggerContext) {
        ch.qos.logback.classic.LoggerContext c = (ch.qos.logback.classic.LoggerContext) f;
        c.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            .setLevel(ch.qos.logback.classic.Level.toLevel(logging.level().toUpperCase(Locale.ROOT)));
        c.getLogger("cn.unioncard.apdu")
            .setLevel(ch.qos.logback.classic.Level.toLevel(logging.apduLevel().toUpperCase(Locale.ROOT)));
      }
    }
  }
}

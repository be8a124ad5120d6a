package cn.unioncard.pcsc;

import cn.unioncard.agent.card.GetResponseTransport;
import cn.unioncard.agent.card.TracingTransport;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.TransportException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's PC/SC readers, each found by its {@link ReaderRole}'s name pattern ({@link PcscConfig}).
 *
 * <p>Threads: one watcher thread, with a PC/SC context of its own, waits in {@code SCardGetStatusChange} (at most
 * {@link PcscConfig#pollTimeout()}, so it can stop) and reports {@link ReaderEvent}s; each role has an I/O thread,
 * with its own context, that runs every command for that reader.
 *
 * <p>Recovery: when pcscd stops or a reader goes away, the watcher reports it, drops its context, and tries to open
 * a new one with a growing pause (up to {@link PcscConfig#maxBackoff()}); the I/O threads do the same on their next
 * command. So a reader plugged back, or pcscd restarted, is used again without restarting the agent. This needs a
 * provider that opens a new PC/SC context after pcscd restarts: the JDK's own (SunPCSC) keeps one context per JVM
 * and gets {@code SCARD_E_NO_SERVICE} for good, so this adapter uses jnasmartcardio's {@code javax.smartcardio}
 * provider over JNA, whose {@code TerminalFactory.terminals()} establishes a fresh context each time.
 *
 * <p>Fresh tap: a card is handed to a flow once ({@link #takeFreshCard}); a card left on the reader is not handed
 * out again until it has left the field and come back. A card already on the reader when the adapter starts, or
 * when the reader or pcscd comes back (seen within {@link PcscConfig#settleTime()}), is not fresh either.
 */
public final class PcscReaders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PcscReaders.class);
  private static final long MIN_BACKOFF_MS = 50;

  private final PcscConfig config;
  private final TerminalFactory factory;
  private final ReaderListener listener;
  private final Map<ReaderRole, ReaderSlot> slots = new EnumMap<>(ReaderRole.class);
  private final Thread watcher;
  private final Object changed = new Object();
  private volatile boolean running = true;

  private PcscReaders(PcscConfig config, TerminalFactory factory, ReaderListener listener) {
    this.config = config;
    this.factory = factory;
    this.listener = listener;
    for (PcscConfig.ReaderSpec spec : config.readers()) {
      slots.put(spec.role(), new ReaderSlot(spec.role(), factory, config.settleTime().toNanos()));
    }
    this.watcher = new Thread(this::watch, "pcsc-watch");
    watcher.setDaemon(true);
  }

  /** Starts watching the configured readers through jnasmartcardio; pcscd need not be running yet. */
  public static PcscReaders start(PcscConfig config, ReaderListener listener) {
    return start(config, jnaFactory(), listener);
  }

  /**
   * Starts watching the configured readers of another {@code javax.smartcardio} provider's factory (the simulator's
   * provider, for a demonstration without pcscd).
   */
  public static PcscReaders start(PcscConfig config, TerminalFactory factory, ReaderListener listener) {
    PcscReaders r = new PcscReaders(config, factory, listener);
    r.watcher.start();
    return r;
  }

  /** A {@code javax.smartcardio} factory over jnasmartcardio: each {@code terminals()} call opens a new context. */
  public static TerminalFactory jnaFactory() {
    try {
      return TerminalFactory.getInstance("PC/SC", null, new Smartcardio());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("jnasmartcardio offers no PC/SC terminal factory", e);
    }
  }

  /** The PC/SC name of the role's reader, when there is one now. */
  public Optional<String> readerName(ReaderRole role) {
    return Optional.ofNullable(slot(role).readerName());
  }

  public boolean isCardPresent(ReaderRole role) {
    return slot(role).isCardPresent();
  }

  /** Whether a card is in the role's field and has not been handed out yet: a fresh tap. */
  public boolean isCardFresh(ReaderRole role) {
    return slot(role).isCardFresh();
  }

  /**
   * The card just tapped on the role's reader, handed out once: empty when there is no card, or when the card in the
   * field was handed out before and has not left since. The transport belongs to that card alone, answers
   * {@code 61xx} and {@code 6Cxx} ({@link GetResponseTransport}) and logs each command with its whole response at
   * debug level ({@link TracingTransport}: times, PAN masked).
   */
  public Optional<ApduTransport> takeFreshCard(ReaderRole role) {
    ReaderSlot s = slot(role);
    long generation = s.takeFresh();
    if (generation < 0) {
      return Optional.empty();
    }
    return Optional.of(traced(new PcscCardTransport(s, generation, config.transmitTimeout()), role));
  }

  /** Waits at most {@code timeout} for a fresh tap on the role's reader ({@link #takeFreshCard}). */
  public Optional<ApduTransport> awaitFreshCard(ReaderRole role, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (true) {
        Optional<ApduTransport> card = takeFreshCard(role);
        long left = deadline - System.nanoTime();
        if (card.isPresent() || left <= 0 || !running) {
          return card;
        }
        changed.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /**
   * Whatever card is in the role's reader, now and later (the PSAM in its slot), without the fresh-tap rule;
   * traced like {@link #takeFreshCard}.
   */
  public ApduTransport card(ReaderRole role) {
    return traced(new PcscCardTransport(slot(role), -1, config.transmitTimeout()), role);
  }

  /** Stops the watcher and the I/O threads and releases their PC/SC contexts. */
  @Override
  public void close() {
    running = false;
    synchronized (changed) {
      changed.notifyAll();
    }
    try {
      watcher.join(config.pollTimeout().toMillis() + config.maxBackoff().toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ReaderSlot s : slots.values()) {
      s.close();
    }
  }

  private ReaderSlot slot(ReaderRole role) {
    ReaderSlot s = slots.get(role);
    if (s == null) {
      throw new IllegalArgumentException("no PC/SC reader configured for role " + role);
    }
    return s;
  }

  /**
   * The adapter's stack over a card: {@code 61xx} and {@code 6Cxx} answered here, once ({@link PcscCardTransport}
   * passes the card's responses up unchanged), and each command logged with its whole response. The trace sits
   * above the GET RESPONSE handling on purpose: a response part is not whole TLV, so {@code ApduRedactor} could
   * not find the PAN in it to mask it (tried: a track 2 split over two parts was logged in clear).
   */
  private static ApduTransport traced(PcscCardTransport t, ReaderRole role) {
    return new TracingTransport(new GetResponseTransport(t), "pcsc " + role.name().toLowerCase());
  }

  private void watch() {
    CardTerminals terminals = null;
    long backoff = MIN_BACKOFF_MS;
    String lastFailure = null;
    while (running) {
      try {
        if (terminals == null) {
          terminals = factory.terminals();
        }
        List<CardTerminal> listed = listReaders(terminals);
        Set<String> taken = new HashSet<>();
        for (PcscConfig.ReaderSpec spec : config.readers()) {
          CardTerminal match = null;
          for (CardTerminal t : listed) {
            if (!taken.contains(t.getName()) && spec.namePattern().matcher(t.getName()).find()) {
              match = t;
              break;
            }
          }
          boolean present = false;
          if (match != null) {
            taken.add(match.getName());
            present = match.isCardPresent();
          }
          report(spec.role(), match == null ? null : match.getName(), present);
        }
        if (lastFailure != null) {
          LOG.info("the PC/SC readers can be watched again");
          lastFailure = null;
        }
        backoff = MIN_BACKOFF_MS;
        waitForChange(terminals);
      } catch (CardException | RuntimeException e) {
        if (!running) {
          break;
        }
        TransportException failure = PcscErrors.classify(e, "watching the PC/SC readers");
        // Once per kind of failure at warning level, not at every retry: pcscd may stay away for hours.
        if (!failure.getMessage().equals(lastFailure)) {
          LOG.warn("{}; trying again until it comes back", failure.getMessage());
          lastFailure = failure.getMessage();
        } else {
          LOG.debug("{}; trying again in {} ms", failure.getMessage(), backoff);
        }
        for (ReaderSlot s : slots.values()) {
          report(s.role, null, false);
        }
        release(terminals);
        terminals = null;
        pause(backoff);
        backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
      }
    }
    release(terminals);
  }

  private static List<CardTerminal> listReaders(CardTerminals terminals) throws CardException {
    try {
      return terminals.list();
    } catch (CardException e) {
      if ("SCARD_E_NO_READERS_AVAILABLE".equals(PcscErrors.name(e))) {
        return Collections.emptyList();
      }
      throw e;
    }
  }

  private void waitForChange(CardTerminals terminals) throws CardException {
    try {
      terminals.waitForChange(config.pollTimeout().toMillis());
    } catch (CardException e) {
      if (!"SCARD_E_NO_READERS_AVAILABLE".equals(PcscErrors.name(e))) {
        throw e;
      }
      pause(config.pollTimeout().toMillis());
    }
  }

  private void report(ReaderRole role, String name, boolean present) {
    ReaderSlot s = slots.get(role);
    String before = s.readerName();
    List<ReaderEvent.Type> events = s.update(name, present);
    if (events.isEmpty()) {
      return;
    }
    synchronized (changed) {
      changed.notifyAll();
    }
    Instant now = Instant.now();
    for (ReaderEvent.Type type : events) {
      ReaderEvent event = new ReaderEvent(type, role, name != null ? name : before, now);
      LOG.debug("{}", event);
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("reader listener failed on {}: {}", event, e.toString());
      }
    }
  }

  private void pause(long ms) {
    synchronized (changed) {
      if (running) {
        try {
          changed.wait(ms);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
    }
  }

  /** Releases a context (jnasmartcardio's {@code SCardReleaseContext}); the JDK's provider has no such call. */
  static void release(CardTerminals terminals) {
    if (terminals instanceof Smartcardio.JnaCardTerminals jna) {
      try {
        jna.close();
      } catch (CardException | RuntimeException gone) {
        LOG.trace("releasing a PC/SC context that is gone: {}", gone.getMessage());
      }
    }
  }
}

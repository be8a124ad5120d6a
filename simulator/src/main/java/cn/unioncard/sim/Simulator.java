package cn.unioncard.sim;

import cn.unioncard.ports.card.CountingTransport;
import cn.unioncard.sim.smartcardio.SimulatedReaders;
import cn.unioncard.sim.vpcd.PcscDaemon;
import cn.unioncard.sim.vpcd.VpcdCard;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's readers and the cards in them, reachable one of two ways: behind the real {@code pcscd} through
 * vsmartcard's {@code vpcd} (other processes see real readers), or through the {@code javax.smartcardio} provider
 * in this JVM ({@link cn.unioncard.sim.smartcardio.SimulatorProvider}). Cards go in and out from here, so reader
 * events are real events; every insertion, removal and tap is kept in an event list.
 */
public final class Simulator implements AutoCloseable {
  /** What a reader is for. */
  public enum Role {
    CONTACTLESS,
    PSAM
  }

  /** How the readers are reached. */
  public enum Backend {
    /** pcscd started by the simulator with its own vpcd readers. */
    PCSCD,
    /** Only in this JVM, through the javax.smartcardio provider. */
    PROVIDER
  }

  /** A reader: its short id (used by the control API), role, and the name PC/SC code sees. */
  public record ReaderInfo(String id, Role role, String pcscName, boolean cardPresent, String card, int apdus) {}

  /** Something that happened: a card inserted, removed, tapped. */
  public record Event(long seq, Instant time, String kind, String reader, String detail) {}

  /**
   * Configuration: the reader's friendly name and its vpcd port behind pcscd. One vpcd reader has two slots, the
   * contactless reader ({@code NAME 00 00}, on the port) and the PSAM slot ({@code NAME 00 01}, on port + 1); the
   * in-JVM readers carry the same names.
   */
  public record Options(Backend backend, String readerName, int port) {
    /** The defaults: pcscd when it can run here, else the provider; the simulator's own reader name. */
    public static Options defaults() {
      Backend b = PcscDaemon.unavailableReason() == null ? Backend.PCSCD : Backend.PROVIDER;
      return new Options(b, "UnionCard Simulator", 35963);
    }

    public Options withBackend(Backend backend) {
      return new Options(backend, readerName, port);
    }
  }

  private static final int MAX_EVENTS = 1000;

  private final Options options;
  private final CardFactory cards;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final PcscDaemon pcscd;
  private final SimulatedReaders provider;
  private final Deque<Event> events = new ArrayDeque<>();
  private long nextSeq = 1;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "simulator-timer");
    t.setDaemon(true);
    return t;
  });

  private Simulator(Options options, CardFactory cards, PcscDaemon pcscd, SimulatedReaders provider) {
    this.options = options;
    this.cards = cards;
    this.pcscd = pcscd;
    this.provider = provider;
  }

  /**
   * Starts the readers. With {@link Backend#PCSCD} this starts pcscd (one per machine: it fails with the reason
   * when pcscd or vpcd is missing or another pcscd runs).
   */
  public static Simulator start(Options options, CardFactory cards) throws IOException {
    Simulator s;
    PcscDaemon.Reader reader = new PcscDaemon.Reader(options.readerName(), options.port());
    if (options.backend() == Backend.PCSCD) {
      s = new Simulator(options, cards, PcscDaemon.start(java.util.Collections.singletonList(reader)), null);
    } else {
      s = new Simulator(options, cards, null, new SimulatedReaders(reader.pcscName(0), reader.pcscName(1)));
    }
    s.slots.put("contactless", new Slot("contactless", Role.CONTACTLESS, reader.pcscName(0), reader.port(0)));
    s.slots.put("psam", new Slot("psam", Role.PSAM, reader.pcscName(1), reader.port(1)));
    return s;
  }

  public Backend backend() {
    return options.backend();
  }

  public CardFactory cards() {
    return cards;
  }

  /** The in-JVM readers for {@code TerminalFactory.getInstance("Simulator", readers(), ...)}; null behind pcscd. */
  public SimulatedReaders providerReaders() {
    return provider;
  }

  public synchronized List<ReaderInfo> readers() {
    List<ReaderInfo> out = new ArrayList<>();
    for (Slot s : slots.values()) {
      out.add(s.info());
    }
    return out;
  }

  /** @throws IllegalArgumentException when there is no such reader */
  public synchronized ReaderInfo reader(String id) {
    return slot(id).info();
  }

  /** The state of the card in that reader (a stateful card's document), or null. */
  public synchronized Object cardState(String id) {
    Slot s = slot(id);
    return s.card == null || s.card.state() == null ? null : s.card.state().get();
  }

  /**
   * Puts the card {@code spec} into the reader.
   *
   * @throws IllegalArgumentException bad reader or card spec
   * @throws IllegalStateException the reader already holds a card
   * @throws IOException the virtual reader could not be reached
   */
  public synchronized ReaderInfo insert(String readerId, String spec) throws IOException {
    Slot s = slot(readerId);
    if (s.card != null) {
      throw new IllegalStateException("reader " + readerId + " already holds " + s.card.spec());
    }
    CardSpec card = cards.open(spec);
    if (card.transport() instanceof cn.unioncard.sim.card.FieldCard) {
      ((cn.unioncard.sim.card.FieldCard) card.transport()).enterField();
    }
    CountingTransport counted = new CountingTransport(card.transport());
    if (pcscd != null) {
      VpcdCard v = new VpcdCard(counted, card.atr());
      v.insert("127.0.0.1", s.port);
      s.vpcd = v;
    } else {
      provider.slot(s.pcscName).insert(counted, card.atr());
    }
    s.card = card;
    s.counted = counted;
    event("inserted", readerId, spec);
    return s.info();
  }

  /** Takes the card out of the reader (nothing when it is empty). */
  public synchronized ReaderInfo remove(String readerId) {
    Slot s = slot(readerId);
    if (s.pendingRemoval != null) {
      s.pendingRemoval.cancel(false);
      s.pendingRemoval = null;
    }
    if (s.card == null) {
      return s.info();
    }
    if (s.vpcd != null) {
      s.vpcd.remove();
      s.vpcd = null;
    } else {
      provider.slot(s.pcscName).remove();
    }
    if (s.card.transport() instanceof cn.unioncard.sim.card.FieldCard) {
      ((cn.unioncard.sim.card.FieldCard) s.card.transport()).leaveField();
    }
    event("removed", readerId, s.card.spec() + " after " + s.counted.count() + " APDUs");
    s.card = null;
    s.counted = null;
    return s.info();
  }

  /** A tap: the card goes in now and leaves after {@code holdMillis}. */
  public synchronized ReaderInfo tap(String readerId, String spec, long holdMillis) throws IOException {
    ReaderInfo info = insert(readerId, spec);
    Slot s = slot(readerId);
    s.pendingRemoval = timer.schedule(() -> remove(readerId), holdMillis, TimeUnit.MILLISECONDS);
    return info;
  }

  /** Events with a sequence number above {@code since}, oldest first. */
  public synchronized List<Event> events(long since) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.seq() > since) {
        out.add(e);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Records an event of another part of the simulator (the bank, the register) in the same list. */
  public synchronized void event(String kind, String reader, String detail) {
    events.addLast(new Event(nextSeq++, Instant.now(), kind, reader, detail));
    while (events.size() > MAX_EVENTS) {
      events.removeFirst();
    }
  }

  @Override
  public synchronized void close() {
    for (String id : new ArrayList<>(slots.keySet())) {
      remove(id);
    }
    timer.shutdownNow();
    if (pcscd != null) {
      pcscd.close();
    }
  }

  private Slot slot(String id) {
    Slot s = slots.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no reader '" + id + "'; readers: " + slots.keySet());
    }
    return s;
  }

  private static final class Slot {
    final String id;
    final Role role;
    final String pcscName;
    final int port;
    CardSpec card;
    CountingTransport counted;
    VpcdCard vpcd;
    ScheduledFuture<?> pendingRemoval;

    Slot(String id, Role role, String pcscName, int port) {
      this.id = id;
      this.role = role;
      this.pcscName = pcscName;
      this.port = port;
    }

    ReaderInfo info() {
      return new ReaderInfo(
          id, role, pcscName, card != null, card == null ? null : card.spec(), counted == null ? 0 : counted.count());
    }
  }

}

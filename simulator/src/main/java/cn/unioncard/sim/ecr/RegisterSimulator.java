package cn.unioncard.sim.ecr;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.ports.ecr.FrameLink;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.ecr.BalanceQuery;
import cn.unioncard.protocol.ecr.Cancel;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.PinRequest;
import cn.unioncard.protocol.ecr.Progress;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.Settle;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.protocol.ecr.StatusQuery;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cash register speaking the ECR protocol (docs/ecr-protocol.md) to a terminal: it sends requests, ACKs
 * PROGRESS and RESULT frames, resends its own, and matches each RESULT to its request by type and reference
 * (§9.5). A request's future completes with its RESULT, or fails when the link gave the request up or no
 * PROGRESS or RESULT came within the answer timeout.
 *
 * <p>A register with the PIN pad built in ({@link #withPinPad}) answers the terminal's PIN REQUEST on the same link
 * (docs/ecr-protocol.md §10.1) as its {@link PinEntry} says, while its own request waits; one without ignores it.
 *
 * <p>Fault knobs act on what the register itself sends: {@link #lineNoise}, {@link #dropNextAck}, {@link
 * #cutNextFrame}, {@link #nakStorm}, {@link #neverAck}, {@link #disconnect} and {@link #reconnect}.
 */
public final class RegisterSimulator implements LineFaults, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterSimulator.class);

  private final FaultyPort port;
  private final EcrConfig config;
  private final FrameLink link;
  private final ExecutorService sender = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "ecr-register-sender");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ecr-register-timer");
    t.setDaemon(true);
    return t;
  });

  /** Requests waiting for their RESULT, by type and reference. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, List<Stage>> progress = new ConcurrentHashMap<>();
  private final List<Result> unmatched = Collections.synchronizedList(new ArrayList<>());
  private volatile PinAnswers pinPad;

  private static final class Pending {
    final CompletableFuture<Result> future = new CompletableFuture<>();
    volatile long lastHeardNanos = System.nanoTime();
  }

  public RegisterSimulator(EcrPort port, EcrConfig config) {
    this(port, config, 1L);
  }

  /** @param seed for the line noise */
  public RegisterSimulator(EcrPort port, EcrConfig config, long seed) {
    this.port = new FaultyPort(port, seed);
    this.config = config;
    this.link = new FrameLink(this.port, config, this::received, "register");
    int tick = Math.max(10, config.answerTimeoutMillis() / 20);
    timer.scheduleAtFixedRate(this::checkAnswerTimeouts, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Builds the PIN pad in: PIN REQUESTs from the terminal are answered as {@code entry} says; null takes it out (PIN
   * REQUESTs are then ACKed and never answered).
   */
  public RegisterSimulator withPinPad(PinEntry entry) {
    PinAnswers old = pinPad;
    pinPad = entry == null ? null : new PinAnswers(entry, link, "ecr-register-pinpad");
    if (old != null) {
      old.close();
    }
    return this;
  }

  public RegisterSimulator start() {
    link.start();
    return this;
  }

  /** SALE: charge {@code amount} fen for {@code items}. */
  public CompletableFuture<Result> sale(String reference, long amount, List<Item> items) {
    return request(new Sale(reference, amount, items, false));
  }

  /** STATUS of the request with {@code reference}, or of the terminal when null. */
  public CompletableFuture<Result> status(String reference) {
    return request(new StatusQuery(reference));
  }

  /** CANCEL of the request in progress. */
  public CompletableFuture<Result> cancel() {
    return request(new Cancel());
  }

  public CompletableFuture<Result> balance(String reference) {
    return request(new BalanceQuery(reference));
  }

  public CompletableFuture<Result> settle(String reference) {
    return request(new Settle(reference));
  }

  /** Any request; its future completes with the RESULT of the same type and reference. */
  public CompletableFuture<Result> request(EcrRequest request) {
    String key = key(request.type(), request.reference());
    Pending p = new Pending();
    Pending earlier = pending.putIfAbsent(key, p);
    if (earlier != null) {
      // The same request again (the register resends a SALE it lost track of): one answer serves both.
      p = earlier;
    }
    final Pending waiting = p;
    sender.execute(() -> {
      try {
        link.send(request.encode());
        waiting.lastHeardNanos = System.nanoTime();
      } catch (IOException e) {
        pending.remove(key, waiting);
        waiting.future.completeExceptionally(e);
      }
    });
    return p.future;
  }

  /** The PROGRESS stages seen for {@code reference}, in order. */
  public List<Stage> progressSeen(String reference) {
    List<Stage> l = progress.get(reference == null ? "" : reference);
    return l == null ? Collections.<Stage>emptyList() : new ArrayList<>(l);
  }

  /** RESULTs that matched no waiting request (for example a late answer after the register gave up). */
  public List<Result> unmatchedResults() {
    synchronized (unmatched) {
      return new ArrayList<>(unmatched);
    }
  }

  /** The frame layer, for its counters. */
  public FrameLink frames() {
    return link;
  }

  // Fault knobs.

  /** Sends {@code bytes} of random noise (never STX, ACK or NAK) before the register's next frame. */
  @Override
  public void lineNoise(int bytes) {
    port.noiseBeforeNextFrame(bytes);
  }

  /** Writes {@code bytes} on the line now, as they are. */
  public void inject(byte[] bytes) throws IOException {
    port.writeRaw(bytes);
  }

  /** The register's next ACK is lost: the terminal resends that frame, which must not be handled twice. */
  @Override
  public void dropNextAck() {
    port.dropAcks(1);
  }

  /** The register's next frame stops halfway: the terminal gives it up after its inter-byte timeout. */
  @Override
  public void cutNextFrame() {
    port.cutNextFrame();
  }

  /**
   * The register answers the terminal's next {@code naks} frames (resends included) with NAK and drops them,
   * as if each had arrived damaged.
   */
  @Override
  public void nakStorm(int naks) {
    link.refuseNextFrames(naks);
  }

  /** The register stops ACKing (or starts again). */
  public void neverAck(boolean on) {
    port.neverAck(on);
  }

  /** Unplugs the register: its port is closed. */
  public void disconnect() {
    port.unplug();
  }

  /** Plugs the register in again, on {@code newPort} (the same device opened again, or a new connection). */
  public void reconnect(EcrPort newPort) {
    port.plug(newPort);
  }

  private void received(byte[] payload) {
    EcrMessage m;
    try {
      m = EcrMessage.parse(payload);
    } catch (DecodeException e) {
      LOG.warn("register: bad message from the terminal: {}", e.getMessage());
      return;
    }
    if (m instanceof PinRequest) {
      PinAnswers pad = pinPad;
      if (pad == null) {
        LOG.warn("register: a PIN REQUEST, but this register has no PIN pad; ignored");
      } else {
        pad.answer((PinRequest) m);
      }
    } else if (m instanceof Progress) {
      Progress p = (Progress) m;
      String ref = p.reference() == null ? "" : p.reference();
      progress.computeIfAbsent(ref, k -> Collections.synchronizedList(new ArrayList<>())).add(p.stage());
      for (Map.Entry<String, Pending> e : pending.entrySet()) {
        if (e.getKey().endsWith(":" + ref)) {
          e.getValue().lastHeardNanos = System.nanoTime();
        }
      }
    } else if (m instanceof Result) {
      Result r = (Result) m;
      Pending p = pending.remove(key(r.requestType(), r.reference()));
      if (p == null && r.reference() != null) {
        // CANCEL's and STATUS's answers name the reference they concern; match them by type alone.
        p = pending.remove(key(r.requestType(), null));
      }
      if (p == null) {
        LOG.info("register: RESULT for {} {} matches no waiting request", r.requestType(), r.reference());
        unmatched.add(r);
      } else {
        p.future.complete(r);
      }
    } else {
      LOG.warn("register: the terminal sent {}, which only a register sends", m.type());
    }
  }

  private void checkAnswerTimeouts() {
    long now = System.nanoTime();
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      if (now - e.getValue().lastHeardNanos > config.answerTimeoutMillis() * 1_000_000L) {
        if (pending.remove(e.getKey(), e.getValue())) {
          e.getValue().future.completeExceptionally(new TimeoutException(
              "no PROGRESS or RESULT for " + e.getKey() + " within " + config.answerTimeoutMillis() + " ms"));
        }
      }
    }
  }

  private static String key(MessageType type, String reference) {
    return type + ":" + (reference == null ? "" : reference);
  }

  @Override
  public void close() {
    link.close();
    if (pinPad != null) {
      pinPad.close();
    }
    sender.shutdownNow();
    timer.shutdownNow();
    for (Pending p : pending.values()) {
      p.future.completeExceptionally(new IOException("register simulator closed"));
    }
  }
}

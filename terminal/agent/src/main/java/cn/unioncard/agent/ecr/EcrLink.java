package cn.unioncard.agent.ecr;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.ports.ecr.FrameLink;
import cn.unioncard.ports.ecr.PinPad;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.Frame;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.PinResponse;
import cn.unioncard.protocol.ecr.Progress;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.protocol.ecr.StatusQuery;
import cn.unioncard.protocol.ecr.TerminalState;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's end of the cash-register link (docs/ecr-protocol.md §9.5): requests in, PROGRESS and
 * RESULT out.
 *
 * <ul>
 *   <li>SALE, REFUND, VOID, BALANCE and SETTLE run in the {@link EcrHandler}, one at a time, each on its own
 *       thread; the link keeps ACKing and answers STATUS and CANCEL meanwhile. Another such request while
 *       one runs is answered FAILED with reason {@code BUSY}.
 *   <li>A request whose reference is in the {@link EcrJournal} is not performed again: it is answered with
 *       the recorded result. The same reference while it still runs gets a PROGRESS.
 *   <li>The result is recorded in the journal before its RESULT is sent. A RESULT the register never ACKs
 *       is reported to {@link Events#resultUndelivered}; STATUS returns it later.
 *   <li>PROGRESS is repeated every {@link EcrConfig#progressIntervalMillis()} while a request runs.
 *   <li>With the PIN pad built into the register, {@link #pinPad()} sends PIN REQUEST on this link and takes the
 *       register's PIN RESPONSE (§10.1).
 * </ul>
 */
public final class EcrLink implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(EcrLink.class);

  /** What the application may want to know beyond the handler's work. */
  public interface Events {
    /** The RESULT for {@code result.reference()} was given up; it stays in the journal for STATUS. */
    default void resultUndelivered(Result result, IOException cause) {}

    /** A payload that was not a valid request. */
    default void badRequest(DecodeException cause) {}
  }

  private final FrameLink link;
  private final EcrConfig config;
  private final EcrHandler handler;
  private final EcrJournal journal;
  private final Events events;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Outbox outbox;
  private final AtomicInteger undelivered = new AtomicInteger();
  private final PinExchange pins;

  /** The request running in the handler, or null. Guarded by this. */
  private Running running;

  /** Set by {@link #drain}: new requests are refused. Guarded by this. */
  private boolean closing;

  /** Requests taken and not yet answered (their RESULT not yet sent or given up). Guarded by this. */
  private int active;

  private final class Running implements EcrHandler.Context {
    final EcrRequest request;
    volatile Stage stage = Stage.PROCESSING;
    volatile boolean cancelled;
    volatile boolean done;
    ScheduledFuture<?> heartbeat;

    Running(EcrRequest request) {
      this.request = request;
    }

    @Override
    public void progress(Stage stage, String displayText) {
      this.stage = stage;
      if (!done) {
        sendQuietly(new Progress(request.reference(), stage, displayText));
      }
    }

    @Override
    public boolean cancelRequested() {
      return cancelled;
    }
  }

  public EcrLink(EcrPort port, EcrConfig config, EcrHandler handler, EcrJournal journal) {
    this(port, config, handler, journal, new Events() {});
  }

  public EcrLink(EcrPort port, EcrConfig config, EcrHandler handler, EcrJournal journal, Events events) {
    this.config = config;
    this.handler = handler;
    this.journal = journal;
    this.events = events;
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "ecr-terminal-worker");
      t.setDaemon(true);
      return t;
    });
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ecr-terminal-progress");
      t.setDaemon(true);
      return t;
    });
    this.link = new FrameLink(port, config, new FrameLink.Listener() {
      @Override
      public void onPayload(byte[] payload) {
        received(payload);
      }
    }, "terminal");
    this.pins = new PinExchange(link, config, "the register's PIN pad");
    this.outbox = new Outbox(this::sendAnswer, "ecr-terminal-answers");
  }

  public EcrLink start() {
    outbox.start();
    link.start();
    return this;
  }

  /** The frame layer, for its counters. */
  public FrameLink frames() {
    return link;
  }

  /** The PIN pad built into the register: PIN REQUEST and PIN RESPONSE on this link (docs/ecr-protocol.md §10.1). */
  public PinPad pinPad() {
    return pins;
  }

  /** Answers no request waited on that were dropped unsent (a register that does not ACK), so far. */
  public int droppedAnswers() {
    return outbox.dropped();
  }

  /** RESULTs given up so far. */
  public int undeliveredResults() {
    return undelivered.get();
  }

  private void received(byte[] payload) {
    EcrMessage message;
    try {
      message = EcrMessage.parse(payload);
    } catch (DecodeException e) {
      LOG.warn("ECR: payload of {} bytes is not a valid request: {}", payload.length, e.getMessage());
      events.badRequest(e);
      MessageType type = requestType(payload);
      if (type != null) {
        send(Result.of(type, EcrMessage.referenceOf(payload), Outcome.FAILED, "FMT", "bad request: " + e.getMessage()));
      }
      return;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("ECR rx {}", EcrLog.redact(message.toString()));
    }
    if (message instanceof PinResponse) {
      pins.received((PinResponse) message);
      return;
    }
    if (!(message instanceof EcrRequest)) {
      LOG.warn("ECR: the register sent {}, which only the terminal sends; ignored", message.type());
      return;
    }
    EcrRequest request = (EcrRequest) message;
    switch (request.type()) {
      case STATUS:
        send(status((StatusQuery) request));
        break;
      case CANCEL:
        send(cancel());
        break;
      default:
        perform(request);
    }
  }

  private static MessageType requestType(byte[] payload) {
    if (payload.length == 0) {
      return null;
    }
    for (MessageType t : MessageType.values()) {
      if (t.code() == (payload[0] & 0xFF) && t.isRegisterRequest()) {
        return t;
      }
    }
    return null;
  }

  private synchronized Result status(StatusQuery query) {
    if (query.reference() == null) {
      Result r = Result.of(MessageType.STATUS, running == null ? null : running.request.reference(), Outcome.APPROVED, "00", null);
      return r.withTerminalState(running == null ? TerminalState.IDLE : TerminalState.BUSY);
    }
    Result found = journal.find(query.reference());
    if (found != null) {
      return found.answering(MessageType.STATUS);
    }
    if (running != null && query.reference().equals(running.request.reference())) {
      return Result.of(MessageType.STATUS, query.reference(), Outcome.IN_PROGRESS, "IP", null);
    }
    return Result.of(MessageType.STATUS, query.reference(), Outcome.NOT_FOUND, "NF", "no request with this reference");
  }

  private synchronized Result cancel() {
    if (running == null) {
      return Result.of(MessageType.CANCEL, null, Outcome.DECLINED, "NC", "nothing to cancel");
    }
    running.cancelled = true;
    return Result.of(MessageType.CANCEL, running.request.reference(), Outcome.APPROVED, "00", "cancel requested");
  }

  private void perform(EcrRequest request) {
    Running r;
    synchronized (this) {
      Result earlier = journal.find(request.reference());
      if (earlier != null) {
        LOG.info("ECR: {} {} was done before: answering with its first result, not performing it again",
            request.type(), request.reference());
        send(earlier);
        return;
      }
      if (closing) {
        send(Result.of(request.type(), request.reference(), Outcome.FAILED, "CLOSING",
            "the terminal is shutting down: nothing was charged"));
        return;
      }
      if (running != null) {
        if (request.reference().equals(running.request.reference())) {
          send(new Progress(request.reference(), running.stage, null));
        } else {
          send(Result.of(request.type(), request.reference(), Outcome.FAILED, "BUSY",
              "another request is in progress: " + running.request.reference()));
        }
        return;
      }
      r = new Running(request);
      running = r;
      active++;
      final Running hb = r;
      r.heartbeat = timer.scheduleAtFixedRate(() -> {
        if (!hb.done) {
          sendQuietly(new Progress(hb.request.reference(), hb.stage, null));
        }
      }, config.progressIntervalMillis(), config.progressIntervalMillis(), TimeUnit.MILLISECONDS);
    }
    final Running job = r;
    workers.execute(() -> run(job));
  }

  private void run(Running job) {
    Result result;
    try {
      result = handler.handle(job.request, job);
      if (result == null) {
        throw new IllegalStateException("handler returned no result");
      }
    } catch (Exception e) {
      LOG.warn("ECR: {} {} failed: {}", job.request.type(), job.request.reference(), e.toString());
      result = Result.of(job.request.type(), job.request.reference(), Outcome.FAILED, "ERR", "terminal error");
    }
    synchronized (this) {
      job.done = true;
      job.heartbeat.cancel(false);
      journal.record(job.request.reference(), result);
      running = null;
    }
    try {
      deliver(result);
    } finally {
      synchronized (this) {
        active--;
        notifyAll();
      }
    }
  }

  /**
   * Stops taking requests (a new one is answered FAILED, reason {@code CLOSING}, nothing charged) and waits, at most
   * {@code timeout}, for the request in progress to finish and its RESULT to be sent. STATUS and CANCEL are still
   * answered meanwhile. Returns whether the link is idle.
   */
  public boolean drain(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      closing = true;
      while (active > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  /** An answer no request waits on: through the bounded {@link Outbox}, one at a time. */
  private void send(EcrMessage message) {
    outbox.offer(message);
  }

  /** The outbox's line: a RESULT as {@link #deliver} sends it (counted when given up), the rest quietly. */
  private void sendAnswer(EcrMessage message) throws IOException {
    if (message instanceof Result) {
      Result result = fit((Result) message);
      try {
        sendNow(result);
      } catch (IOException e) {
        undelivered.incrementAndGet();
        LOG.warn("ECR: RESULT for {} {} undelivered ({}); it stays in the journal for STATUS",
            result.requestType(), result.reference(), e.getMessage());
        events.resultUndelivered(result, e);
        throw e;
      }
    } else {
      sendNow(message);
    }
  }

  /** The result within one frame: the last receipt lines dropped if need be, and a line "…" added (§9.5). */
  static Result fit(Result result) {
    if (result.encode().length <= Frame.MAX_PAYLOAD) {
      return result;
    }
    List<String> lines = new ArrayList<>(result.receipt());
    Result r = result;
    while (!lines.isEmpty() && r.encode().length > Frame.MAX_PAYLOAD) {
      lines.remove(lines.size() - 1);
      List<String> cut = new ArrayList<>(lines);
      cut.add("…");
      r = result.withReceipt(cut);
    }
    LOG.warn("ECR: RESULT for {} too long for a frame: receipt cut to {} lines", result.reference(), lines.size());
    return r;
  }

  private void deliver(Result full) {
    Result result = fit(full);
    try {
      sendNow(result);
    } catch (IOException e) {
      undelivered.incrementAndGet();
      LOG.warn("ECR: RESULT for {} {} undelivered ({}); it stays in the journal for STATUS",
          result.requestType(), result.reference(), e.getMessage());
      events.resultUndelivered(result, e);
    }
  }

  private void sendQuietly(EcrMessage message) {
    try {
      sendNow(message);
    } catch (IOException e) {
      LOG.debug("ECR: {} undelivered: {}", message.type(), e.getMessage());
    }
  }

  private void sendNow(EcrMessage message) throws IOException {
    if (LOG.isDebugEnabled()) {
      LOG.debug("ECR tx {}", EcrLog.redact(message.toString()));
    }
    link.send(message.encode());
  }

  @Override
  public void close() {
    outbox.close();
    link.close();
    workers.shutdownNow();
    timer.shutdownNow();
  }
}

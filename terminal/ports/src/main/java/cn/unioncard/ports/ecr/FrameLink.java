package cn.unioncard.ports.ecr;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Frame;
import cn.unioncard.protocol.ecr.FrameDecoder;
import cn.unioncard.protocol.ecr.FrameEvent;
import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One station of the ECR link (docs/ecr-protocol.md §3–§7), the same for the terminal, the register
 * simulator and the PIN pad: it reads frames from an {@link EcrPort}, ACKs good ones and NAKs bad ones,
 * drops a resent duplicate, gives up a frame cut short after the inter-byte timeout, and sends its own frames
 * stop-and-wait with up to {@link EcrConfig#maxResends()} resends.
 *
 * <p>One reader thread per link. Received payloads go to the {@link Listener} on that thread, which must not
 * block (hand the work to another thread). {@link #send} blocks its caller until the frame is ACKed or given
 * up; concurrent callers are served one after the other.
 */
public final class FrameLink implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FrameLink.class);

  /** What the link delivers. */
  public interface Listener {
    /** A new frame's payload, in order, each once. Called on the reader thread: do not block. */
    void onPayload(byte[] payload);

    /** The line was lost (the link keeps trying to read). */
    default void onLineLost(IOException cause) {}
  }

  private final EcrPort port;
  private final EcrConfig config;
  private final Listener listener;
  private final String name;
  private final FrameDecoder decoder = new FrameDecoder();

  private final Object writeLock = new Object();
  private final Object sendLock = new Object();
  private final Object waitLock = new Object();

  // Guarded by waitLock.
  private int waitingSeq = -1;
  private int answer;
  private long lastByteNanos;

  // Guarded by sendLock.
  private int nextSeq;

  // Reader thread only.
  private boolean lineDown;
  private int lastAcceptedSeq = -1;
  private byte[] lastAcceptedPayload;

  private volatile boolean closed;
  private Thread reader;
  private final AtomicInteger framesToRefuse = new AtomicInteger();

  private final AtomicInteger transmissions = new AtomicInteger();
  private final AtomicInteger naksReceived = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger badFrames = new AtomicInteger();
  private final AtomicInteger linesLost = new AtomicInteger();

  private static final int ACKED = 1;
  private static final int NAKED = 2;

  /**
   * @param name for the log and the reader thread's name ("terminal", "register", ...)
   */
  public FrameLink(EcrPort port, EcrConfig config, Listener listener, String name) {
    this.port = port;
    this.config = config;
    this.listener = listener;
    this.name = name;
    // A random first SEQ (§6), so a restarted station's first frame is unlikely to look like a resend.
    this.nextSeq = Frame.FIRST_SEQ + new SecureRandom().nextInt(Frame.LAST_SEQ - Frame.FIRST_SEQ + 1);
  }

  /** Starts the reader thread. */
  public synchronized FrameLink start() {
    if (reader == null) {
      reader = new Thread(this::readLoop, "ecr-" + name + "-reader");
      reader.setDaemon(true);
      reader.start();
    }
    return this;
  }

  /**
   * Sends one payload as a new frame and waits until it is ACKed.
   *
   * @throws EcrUndeliveredException the frame was sent 1 + {@link EcrConfig#maxResends()} times without an
   *     ACK
   * @throws IOException the link was closed
   */
  public void send(byte[] payload) throws IOException {
    synchronized (sendLock) {
      int seq = nextSeq;
      nextSeq = Frame.nextSeq(seq);
      byte[] wire = new Frame(seq, payload).encode();
      int naks = 0;
      int sent = 0;
      IOException writeFailure = null;
      for (int attempt = 0; attempt <= config.maxResends(); attempt++) {
        if (closed) {
          throw new IOException("ECR link (" + name + ") closed");
        }
        synchronized (waitLock) {
          waitingSeq = seq;
          answer = 0;
        }
        sent++;
        transmissions.incrementAndGet(); // before the write: the answer may be seen before write() returns
        try {
          write(wire);
          writeFailure = null;
        } catch (IOException e) {
          writeFailure = e;
          LOG.debug("{}: writing frame {} failed: {}", name, Hex.byteToHex(seq), e.getMessage());
        }
        if (LOG.isDebugEnabled()) {
          LOG.debug("{}: tx frame {} length {}{}", name, Hex.byteToHex(seq), payload.length,
              attempt == 0 ? "" : " (resend " + attempt + ")");
        }
        int got = awaitAnswer(System.nanoTime());
        if (got == ACKED) {
          return;
        }
        if (got == NAKED) {
          naks++;
          naksReceived.incrementAndGet();
          LOG.debug("{}: rx NAK {}", name, Hex.byteToHex(seq));
        } else {
          LOG.debug("{}: no ACK for frame {} within {} ms", name, Hex.byteToHex(seq), config.ackTimeoutMillis());
        }
      }
      String message = "ECR frame " + Hex.byteToHex(seq) + " (" + payload.length + " bytes) not acknowledged after "
          + sent + " transmissions: " + naks + " NAK(s), " + (sent - naks) + " without answer"
          + (writeFailure == null ? "" : "; last write failed: " + writeFailure.getMessage());
      LOG.warn("{}: {}", name, message);
      throw new EcrUndeliveredException(message, sent, naks);
    }
  }

  /** Waits for the ACK or NAK of the waiting frame; the timeout restarts with every byte received (§7). */
  private int awaitAnswer(long sentNanos) {
    long timeout = config.ackTimeoutMillis() * 1_000_000L;
    synchronized (waitLock) {
      try {
        while (answer == 0 && !closed) {
          long from = Math.max(sentNanos, lastByteNanos);
          long left = from + timeout - System.nanoTime();
          if (left <= 0) {
            break;
          }
          waitLock.wait(Math.max(1, left / 1_000_000L), 0);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int got = answer;
      waitingSeq = -1;
      answer = 0;
      return got;
    }
  }

  private void write(byte[] bytes) throws IOException {
    synchronized (writeLock) {
      port.write(bytes);
    }
  }

  private void readLoop() {
    byte[] buf = new byte[4096];
    while (!closed) {
      int n;
      try {
        n = port.read(buf, config.interByteTimeoutMillis());
      } catch (IOException e) {
        if (closed) {
          break;
        }
        lineLost(e);
        continue;
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        LOG.warn("{}: port failed: {}", name, e.toString());
        lineLost(new IOException(e));
        continue;
      }
      if (lineDown) {
        lineDown = false;
        LOG.info("{}: port open again", name);
      }
      if (n > 0) {
        synchronized (waitLock) {
          lastByteNanos = System.nanoTime();
          waitLock.notifyAll();
        }
        handle(decoder.feed(buf, 0, n));
      } else {
        // Silence for the inter-byte timeout: whatever was begun is given up (§5 rule 5).
        handle(decoder.reset());
      }
    }
  }

  private void lineLost(IOException e) {
    if (!lineDown) {
      // Once per outage at info; the retries while the port stays away at debug.
      lineDown = true;
      linesLost.incrementAndGet();
      LOG.info("{}: line lost: {}", name, e.getMessage());
    } else {
      LOG.debug("{}: line still down: {}", name, e.getMessage());
    }
    decoder.reset();
    lastAcceptedSeq = -1;
    lastAcceptedPayload = null;
    try {
      listener.onLineLost(e);
    } catch (RuntimeException ex) {
      LOG.warn("{}: listener failed: {}", name, ex.toString());
    }
    try {
      Thread.sleep(config.reconnectDelayMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private void handle(List<FrameEvent> events) {
    for (FrameEvent ev : events) {
      if (ev instanceof FrameEvent.GoodFrame) {
        Frame f = ((FrameEvent.GoodFrame) ev).frame();
        if (framesToRefuse.get() > 0 && framesToRefuse.getAndDecrement() > 0) {
          LOG.debug("{}: rx frame {} refused by fault injection: NAK", name, Hex.byteToHex(f.seq()));
          control(Frame.nak(f.seq()), "NAK", f.seq());
          continue;
        }
        control(Frame.ack(f.seq()), "ACK", f.seq());
        byte[] payload = f.payload();
        if (f.seq() == lastAcceptedSeq && Arrays.equals(payload, lastAcceptedPayload)) {
          duplicates.incrementAndGet();
          LOG.debug("{}: rx frame {} again (our ACK was lost): ACKed, not delivered twice", name, Hex.byteToHex(f.seq()));
          continue;
        }
        lastAcceptedSeq = f.seq();
        lastAcceptedPayload = payload;
        LOG.debug("{}: rx frame {} length {}", name, Hex.byteToHex(f.seq()), payload.length);
        try {
          listener.onPayload(payload);
        } catch (RuntimeException e) {
          LOG.warn("{}: listener failed on frame {}: {}", name, Hex.byteToHex(f.seq()), e.toString());
        }
      } else if (ev instanceof FrameEvent.BadFrame) {
        FrameEvent.BadFrame bad = (FrameEvent.BadFrame) ev;
        badFrames.incrementAndGet();
        LOG.debug("{}: rx bad frame {} ({})", name, Hex.byteToHex(bad.seq()), bad.fault());
        control(Frame.nak(bad.seq()), "NAK", bad.seq());
      } else if (ev instanceof FrameEvent.Ack) {
        answer(((FrameEvent.Ack) ev).seq(), ACKED);
      } else if (ev instanceof FrameEvent.Nak) {
        answer(((FrameEvent.Nak) ev).seq(), NAKED);
      } else if (ev instanceof FrameEvent.Noise) {
        LOG.trace("{}: {} byte(s) of noise", name, ((FrameEvent.Noise) ev).bytes());
      }
    }
  }

  private void answer(int seq, int what) {
    synchronized (waitLock) {
      // An ACK or NAK of any other frame, or when nothing waits, is ignored (§7).
      if (seq == waitingSeq && answer == 0) {
        answer = what;
        waitLock.notifyAll();
      }
    }
  }

  private void control(byte[] bytes, String what, int seq) {
    try {
      write(bytes);
      LOG.trace("{}: tx {} {}", name, what, Hex.byteToHex(seq));
    } catch (IOException e) {
      LOG.debug("{}: sending {} {} failed: {}", name, what, Hex.byteToHex(seq), e.getMessage());
    }
  }

  /**
   * Fault injection for simulators: the next {@code n} good frames are answered with NAK and dropped, as if
   * they had arrived damaged (a NAK storm).
   */
  public void refuseNextFrames(int n) {
    framesToRefuse.set(n);
  }

  /** Frames sent, resends included. */
  public int transmissions() {
    return transmissions.get();
  }

  /** NAKs received for our frames. */
  public int naksReceived() {
    return naksReceived.get();
  }

  /** Resent frames of the peer recognised and not delivered twice. */
  public int duplicatesDropped() {
    return duplicates.get();
  }

  /** Bad frames received (and NAKed). */
  public int badFramesReceived() {
    return badFrames.get();
  }

  /** Times the line was lost (one per outage, however many reopen attempts it took). */
  public int linesLost() {
    return linesLost.get();
  }

  public EcrPort port() {
    return port;
  }

  /** Stops the reader and closes the port; a waiting {@link #send} fails. */
  @Override
  public void close() {
    closed = true;
    synchronized (waitLock) {
      waitLock.notifyAll();
    }
    port.close();
    Thread r;
    synchronized (this) {
      r = reader;
    }
    if (r != null && r != Thread.currentThread()) {
      r.interrupt();
      try {
        r.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package cn.unioncard.sim.ecr;

import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.protocol.ecr.Frame;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's line: an {@link EcrPort} that does to the simulator's own outgoing bytes what a bad
 * register or a bad cable does (noise, lost ACKs, frames cut short, silence), and that
 * can be unplugged and plugged in again. The link writes each frame, ACK and NAK in one {@code write} call,
 * which is how they are recognised here.
 */
final class FaultyPort implements EcrPort {
  private static final Logger LOG = LoggerFactory.getLogger(FaultyPort.class);

  private final Object lock = new Object();
  private final Random random;
  private EcrPort delegate;
  private int noiseBeforeNextFrame;
  private int acksToDrop;
  private boolean cutNextFrame;
  private boolean neverAck;
  private volatile boolean closed;

  FaultyPort(EcrPort delegate, long seed) {
    this.delegate = delegate;
    this.random = new Random(seed);
  }

  void noiseBeforeNextFrame(int bytes) {
    synchronized (lock) {
      noiseBeforeNextFrame = bytes;
    }
  }

  void dropAcks(int n) {
    synchronized (lock) {
      acksToDrop = n;
    }
  }

  void cutNextFrame() {
    synchronized (lock) {
      cutNextFrame = true;
    }
  }

  void neverAck(boolean on) {
    synchronized (lock) {
      neverAck = on;
    }
  }

  void writeRaw(byte[] bytes) throws IOException {
    port().write(bytes);
  }

  /** Unplugs: the port is closed; reads and writes fail until {@link #plug}. */
  void unplug() {
    EcrPort old;
    synchronized (lock) {
      old = delegate;
      delegate = null;
    }
    if (old != null) {
      old.close();
    }
  }

  void plug(EcrPort port) {
    synchronized (lock) {
      delegate = port;
      lock.notifyAll();
    }
  }

  private EcrPort port() throws IOException {
    synchronized (lock) {
      if (delegate == null) {
        throw new IOException("register unplugged");
      }
      return delegate;
    }
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    byte[] out = bytes;
    byte[] noise = null;
    synchronized (lock) {
      boolean control = bytes.length == 3 && ((bytes[0] & 0xFF) == Frame.ACK || (bytes[0] & 0xFF) == Frame.NAK);
      boolean ack = control && (bytes[0] & 0xFF) == Frame.ACK;
      if (ack && neverAck) {
        LOG.debug("register: ACK suppressed (never ACK)");
        return;
      }
      if (ack && acksToDrop > 0) {
        acksToDrop--;
        LOG.debug("register: ACK dropped");
        return;
      }
      if (!control && bytes.length > 0 && (bytes[0] & 0xFF) == Frame.STX) {
        if (noiseBeforeNextFrame > 0) {
          noise = noise(noiseBeforeNextFrame);
          noiseBeforeNextFrame = 0;
        }
        if (cutNextFrame) {
          cutNextFrame = false;
          out = Arrays.copyOf(bytes, Math.max(4, bytes.length / 2));
          LOG.debug("register: frame cut after {} of {} bytes", out.length, bytes.length);
        }
      }
    }
    EcrPort p = port();
    if (noise != null) {
      p.write(noise);
    }
    p.write(out);
  }

  /** Random bytes that are not STX, ACK or NAK, so they are noise to any receiver (§5 rule 1). */
  private byte[] noise(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      int v;
      do {
        v = random.nextInt(256);
      } while (v == Frame.STX || v == Frame.ACK || v == Frame.NAK);
      b[i] = (byte) v;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    EcrPort p;
    synchronized (lock) {
      if (closed) {
        throw new IOException("closed");
      }
      if (delegate == null) {
        try {
          lock.wait(timeoutMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (delegate == null) {
          return 0;
        }
      }
      p = delegate;
    }
    return p.read(buffer, timeoutMillis);
  }

  @Override
  public void close() {
    closed = true;
    unplug();
  }
}

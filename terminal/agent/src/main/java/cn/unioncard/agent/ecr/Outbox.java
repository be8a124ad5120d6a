package cn.unioncard.agent.ecr;

import cn.unioncard.ports.ecr.EcrUndeliveredException;
import cn.unioncard.protocol.ecr.EcrMessage;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link's answers that no request waits on (to STATUS and CANCEL, refusals, PROGRESS of a repeated request):
 * sent one at a time by one thread, at most {@value #CAPACITY} waiting (docs/ecr-protocol.md §7). A register that
 * asks and never ACKs cannot make the terminal grow: past the bound the oldest waiting answer is dropped, and when
 * one is given up unacknowledged the others waiting are dropped too (they would wait as long for nothing). A
 * request's own RESULT does not come here: it is sent by the request's thread and kept in the journal for STATUS.
 */
final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** Answers waiting for the line at most. */
  static final int CAPACITY = 16;

  /** Sends one message on the line, waiting for its ACK. */
  interface Line {
    void send(EcrMessage message) throws IOException;
  }

  private final Line line;
  private final ArrayDeque<EcrMessage> waiting = new ArrayDeque<>();
  private final Thread sender;
  private int dropped;
  private boolean closed;

  Outbox(Line line, String threadName) {
    this.line = line;
    this.sender = new Thread(this::sendLoop, threadName);
    this.sender.setDaemon(true);
  }

  Outbox start() {
    sender.start();
    return this;
  }

  /** Queues {@code message}; drops the oldest waiting one when {@value #CAPACITY} wait already. */
  synchronized void offer(EcrMessage message) {
    if (closed) {
      return;
    }
    if (waiting.size() >= CAPACITY) {
      EcrMessage old = waiting.removeFirst();
      dropped++;
      LOG.debug("ECR: {} answers wait for the register's ACKs; the oldest ({}) dropped", CAPACITY, old.type());
    }
    waiting.addLast(message);
    notifyAll();
  }

  /** Answers dropped unsent so far. */
  synchronized int dropped() {
    return dropped;
  }

  /** Answers waiting now. */
  synchronized int waiting() {
    return waiting.size();
  }

  private synchronized EcrMessage take() throws InterruptedException {
    while (waiting.isEmpty() && !closed) {
      wait();
    }
    return closed ? null : waiting.removeFirst();
  }

  private void sendLoop() {
    try {
      for (EcrMessage m = take(); m != null; m = take()) {
        try {
          line.send(m);
        } catch (EcrUndeliveredException e) {
          int gone;
          synchronized (this) {
            gone = waiting.size();
            dropped += gone;
            waiting.clear();
          }
          if (gone > 0) {
            LOG.warn("ECR: the register does not acknowledge; {} waiting answers dropped", gone);
          }
        } catch (IOException e) {
          LOG.debug("ECR: {} undelivered: {}", m.type(), e.getMessage());
        } catch (RuntimeException e) {
          LOG.warn("ECR: {} not sent: {}", m.type(), e.toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      waiting.clear();
      notifyAll();
    }
    sender.interrupt();
  }
}

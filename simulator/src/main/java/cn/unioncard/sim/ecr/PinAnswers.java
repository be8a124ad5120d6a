package cn.unioncard.sim.ecr;

import cn.unioncard.ports.ecr.FrameLink;
import cn.unioncard.protocol.ecr.PinRequest;
import cn.unioncard.protocol.ecr.PinResponse;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers PIN REQUESTs on a link, off the link's reader thread (the member takes seconds), with what the {@link
 * PinEntry} says: the part of a PIN pad that is the same on its own line and inside a register.
 */
final class PinAnswers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PinAnswers.class);

  private final PinEntry entry;
  private final FrameLink link;
  private final ExecutorService worker;

  PinAnswers(PinEntry entry, FrameLink link, String threadName) {
    this.entry = entry;
    this.link = link;
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  void answer(PinRequest request) {
    worker.execute(() -> {
      PinResponse response;
      try {
        response = entry.answer(request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (response == null) {
        return;
      }
      try {
        link.send(response.encode());
      } catch (IOException e) {
        LOG.warn("PIN pad: response undelivered: {}", e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}

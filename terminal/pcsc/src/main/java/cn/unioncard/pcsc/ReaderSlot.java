package cn.unioncard.pcsc;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One role's reader: what the watcher last saw of it (reader name, card present, fresh, insertion count), and its
 * I/O thread, which owns a PC/SC context of its own and the connection to the card. Every command for this reader
 * runs on that thread.
 */
final class ReaderSlot {
  private static final Logger LOG = LoggerFactory.getLogger(ReaderSlot.class);

  /** Room for the longest response: an extended one (65,536 bytes and the status word). */
  private static final int RESPONSE_BUFFER = 65538;

  final ReaderRole role;
  private final TerminalFactory factory;
  private final ExecutorService io;
  private final long settleNanos;

  // what the watcher saw; guarded by this
  private String readerName;
  private boolean everFound;
  private boolean present;
  private boolean fresh;
  private long generation;
  private long readerSince;

  // owned by the I/O thread
  private CardTerminals ioTerminals;
  private Card card;
  private long cardGeneration = -1;
  private String cardReader;
  /** The last insertion whose card failed: a tap's transport is done after a card failure, whatever comes next. */
  private long failedGeneration = -1;
  private final ByteBuffer response = ByteBuffer.allocate(RESPONSE_BUFFER);
  private final byte[] buffer = new byte[RESPONSE_BUFFER];

  ReaderSlot(ReaderRole role, TerminalFactory factory, long settleNanos) {
    this.role = role;
    this.factory = factory;
    this.settleNanos = settleNanos;
    String threadName = "pcsc-io-" + role.name().toLowerCase();
    this.io = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  synchronized String readerName() {
    return readerName;
  }

  synchronized boolean isCardPresent() {
    return present;
  }

  synchronized boolean isCardFresh() {
    return present && fresh;
  }

  /** The insertion number of the card now in the field, marked as handed out; -1 when there is no fresh card. */
  synchronized long takeFresh() {
    if (!present || !fresh) {
      return -1;
    }
    fresh = false;
    return generation;
  }

  /**
   * Records what the watcher sees now ({@code name} null: no reader for this role) and returns the events that
   * follow from the change, in order.
   *
   * <p>A card seen within the settle time after the reader appeared (the adapter started, the reader was plugged
   * back, pcscd restarted) was most likely lying there already: it counts as present but not fresh, with no
   * {@code CARD_INSERTED}, so a card left on a gate is not charged again after a restart.
   */
  List<ReaderEvent.Type> update(String name, boolean cardPresent) {
    List<ReaderEvent.Type> events = new ArrayList<>();
    boolean dropIo = false;
    synchronized (this) {
      if (name == null) {
        if (readerName != null) {
          if (present) {
            present = false;
            fresh = false;
            events.add(ReaderEvent.Type.CARD_REMOVED);
          }
          events.add(ReaderEvent.Type.READER_LOST);
          dropIo = true;
        }
        readerName = null;
      } else {
        long now = System.nanoTime();
        if (readerName == null) {
          events.add(everFound ? ReaderEvent.Type.READER_BACK : ReaderEvent.Type.READER_FOUND);
          everFound = true;
          readerSince = now;
        }
        readerName = name;
        if (cardPresent && !present) {
          generation++;
          present = true;
          fresh = now - readerSince >= settleNanos;
          if (fresh) {
            events.add(ReaderEvent.Type.CARD_INSERTED);
          }
        } else if (!cardPresent && present) {
          present = false;
          fresh = false;
          events.add(ReaderEvent.Type.CARD_REMOVED);
        }
      }
    }
    if (dropIo) {
      submitQuietly(() -> {
        dropCard();
        closeIoContext();
      });
    } else if (events.contains(ReaderEvent.Type.CARD_REMOVED)) {
      submitQuietly(this::dropCard);
    }
    return events;
  }

  /** Runs one exchange on this reader's I/O thread. */
  Future<byte[]> submit(byte[] command, long boundGeneration) {
    byte[] copy = command.clone();
    return io.submit(() -> exchange(copy, boundGeneration));
  }

  void close() {
    submitQuietly(() -> {
      dropCard();
      closeIoContext();
    });
    io.shutdown();
    try {
      io.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] exchange(byte[] command, long boundGeneration) throws TransportException {
    String name;
    long gen;
    boolean inField;
    synchronized (this) {
      name = readerName;
      gen = generation;
      inField = present;
    }
    String what = role.name().toLowerCase() + " reader";
    if (name == null) {
      throw new ReaderIoException(what + ": no reader (unplugged, or pcscd is not running)");
    }
    what += " \"" + name + "\"";
    if (boundGeneration >= 0 && (boundGeneration != gen || !inField)) {
      throw new CardIoException(what + ": the card left the field");
    }
    if (boundGeneration >= 0 && boundGeneration == failedGeneration) {
      throw new CardIoException(what + ": this tap already failed; the card must leave the field and come back");
    }
    try {
      if (ioTerminals == null) {
        ioTerminals = factory.terminals();
      }
      if (card == null || cardGeneration != gen || !name.equals(cardReader)) {
        dropCard();
        CardTerminal terminal = ioTerminals.getTerminal(name);
        if (terminal == null) {
          throw new ReaderIoException(what + ": not listed by pcscd any more");
        }
        card = terminal.connect("*");
        cardGeneration = gen;
        cardReader = name;
      }
      byte[] answer;
      PcscLiteTransmit direct = PcscLiteTransmit.get();
      if (direct != null && direct.handles(card)) {
        answer = direct.transmit(card, command, buffer);
      } else {
        response.clear();
        try {
          card.getBasicChannel().transmit(ByteBuffer.wrap(command), response);
          answer = Arrays.copyOf(response.array(), response.position());
        } catch (IllegalArgumentException | IndexOutOfBoundsException noStatusWord) {
          answer = new byte[0]; // jnasmartcardio fails so on a response shorter than a status word
        }
      }
      if (answer.length < 2) {
        // vpcd answers so when the card leaves in the middle of the exchange
        failedGeneration = gen;
        dropCard();
        throw new CardIoException(what + ": the card answered " + answer.length + " byte(s), no status word (it left?)");
      }
      return answer;
    } catch (CardException | RuntimeException e) {
      TransportException failure = PcscErrors.classify(e, what);
      if (failure instanceof CardIoException) {
        failedGeneration = gen;
      }
      dropCard();
      if (failure instanceof ReaderIoException) {
        closeIoContext();
      }
      throw failure;
    }
  }

  private void dropCard() {
    Card c = card;
    card = null;
    cardGeneration = -1;
    cardReader = null;
    if (c != null) {
      try {
        c.disconnect(false);
      } catch (CardException | RuntimeException gone) {
        LOG.trace("disconnecting a card that is gone: {}", gone.getMessage());
      }
    }
  }

  private void closeIoContext() {
    CardTerminals t = ioTerminals;
    ioTerminals = null;
    PcscReaders.release(t);
  }

  private void submitQuietly(Runnable r) {
    try {
      io.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the adapter is closing
    }
  }
}

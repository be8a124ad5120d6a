package cn.unioncard.pcsc;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The card on one PC/SC reader, as the agent's {@link ApduTransport}. Each command runs on the reader's own I/O
 * thread; the caller waits for it.
 *
 * <p>A transport for a tap ({@link PcscReaders#takeFreshCard}) belongs to that one card: once it has left the
 * field, commands fail with {@link CardIoException} even when another card is on the reader by then. A transport
 * for a slot ({@link PcscReaders#card}) talks to whatever card is in it (the PSAM).
 *
 * <p>{@code 61xx} and {@code 6Cxx} come back as the card gave them (see {@link PcscLiteTransmit}: the provider's own
 * handling is bypassed on Linux); the transports {@link PcscReaders} hands out answer them once, with the agent's
 * {@link cn.unioncard.agent.card.GetResponseTransport}, so a {@code GetResponseTransport} a flow adds above (as
 * {@link cn.unioncard.agent.card.CardSession} does) never sees them and passes responses through unchanged.
 */
public final class PcscCardTransport implements ApduTransport {
  private final ReaderSlot slot;
  private final long generation;
  private final long timeoutNanos;

  PcscCardTransport(ReaderSlot slot, long generation, Duration timeout) {
    this.slot = slot;
    this.generation = generation;
    this.timeoutNanos = timeout.toNanos();
  }

  public ReaderRole role() {
    return slot.role;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    Future<byte[]> answer;
    try {
      answer = slot.submit(command, generation);
    } catch (RejectedExecutionException closed) {
      throw new ReaderIoException(slot.role.name().toLowerCase() + " reader: the PC/SC adapter is closed");
    }
    try {
      return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof CardIoException card) {
        throw card;
      }
      if (c instanceof ReaderIoException reader) {
        throw reader;
      }
      throw new ReaderIoException(slot.role.name().toLowerCase() + " reader: " + c, c);
    } catch (TimeoutException e) {
      throw new CardIoException(slot.role.name().toLowerCase() + " reader: no answer within "
          + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CardIoException(slot.role.name().toLowerCase() + " reader: interrupted while waiting for the card");
    }
  }
}

package cn.unioncard.android;

import android.nfc.NfcAdapter;
import android.nfc.Tag;
import android.nfc.tech.IsoDep;
import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.TransportException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What reader mode calls when a card is tapped: wraps the {@link Tag} in {@link IsoDep} and an
 * {@link IsoDepTransport}, reads the card with the agent's {@link CardSession} on the worker, and tells the
 * {@link CardTapListener} the result (on the worker thread; see {@link UcardAgentService} for delivery on the main
 * thread). The platform calls {@link #onTagDiscovered} on one of its binder threads and this returns at once.
 */
public final class CardTapCallback implements NfcAdapter.ReaderCallback {
  private final Executor worker;
  private final TerminalData terminal;
  private final int timeoutMillis;
  private final NfcStatus nfc;
  private final CardTapListener listener;

  /**
   * @param worker runs the reads, one at a time for a single-thread executor (a tap while one runs waits)
   * @param timeoutMillis per-command timeout for {@link IsoDepTransport}
   */
  public CardTapCallback(Executor worker, TerminalData terminal, int timeoutMillis, NfcStatus nfc,
      CardTapListener listener) {
    if (worker == null || terminal == null || nfc == null || listener == null) {
      throw new NullPointerException("worker, terminal, nfc and listener are required");
    }
    this.worker = worker;
    this.terminal = terminal;
    this.timeoutMillis = timeoutMillis;
    this.nfc = nfc;
    this.listener = listener;
  }

  @Override
  public void onTagDiscovered(Tag tag) {
    IsoDep isoDep = IsoDep.get(tag);
    if (isoDep == null) {
      report(() -> listener.onReadFailed(new CardIoException("the card is not an ISO-DEP (ISO/IEC 14443-4) card")));
      return;
    }
    IsoDepTransport transport = new IsoDepTransport(isoDep, timeoutMillis, nfc);
    try {
      worker.execute(() -> read(transport));
    } catch (RejectedExecutionException stopped) {
      transport.close();
      listener.onReadFailed(new CardIoException("the card was tapped while the agent was stopping", stopped));
    }
  }

  /** Runs a report on the worker too, so that the listener hears from one thread in tap order. */
  private void report(Runnable report) {
    try {
      worker.execute(report);
    } catch (RejectedExecutionException stopped) {
      report.run();
    }
  }

  /** Reads the card on {@code transport}, closes the connection, then reports. */
  void read(IsoDepTransport transport) {
    CardRead read = null;
    TransportException failure = null;
    try {
      transport.connect();
      read = new CardSession(transport, terminal).read();
    } catch (TransportException e) {
      failure = e;
    } finally {
      transport.close();
    }
    if (failure != null) {
      listener.onReadFailed(failure);
    } else {
      listener.onCardRead(read);
    }
  }
}

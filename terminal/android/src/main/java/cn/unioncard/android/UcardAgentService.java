package cn.unioncard.android;

import android.app.Service;
import android.content.ComponentName;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.content.pm.ServiceInfo;
import android.nfc.NfcAdapter;
import android.os.Binder;
import android.os.Bundle;
import android.os.Handler;
import android.os.IBinder;
import android.os.Looper;
import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.ports.card.TransportException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The agent core on Android, without a screen of its own: owns the card worker thread and the
 * {@link CardTapCallback}, and tells its {@link CardTapListener}s each tap's result on the main thread.
 *
 * <p>The host app declares the service in its manifest (optionally with a {@code <meta-data>} named
 * {@link #META_ISODEP_TIMEOUT} giving the per-command card timeout in milliseconds), binds to it, and from its
 * foreground Activity passes {@link #tapCallback()} to {@link NfcReaderMode#enable}: the platform grants reader
 * mode to an Activity only. Started as well as bound, the service outlives the Activity's restarts.
 */
public class UcardAgentService extends Service {
  /** Manifest meta-data of the service: the per-command ISO-DEP timeout in milliseconds. */
  public static final String META_ISODEP_TIMEOUT = "cn.unioncard.android.ISODEP_TIMEOUT_MS";

  /** What a bound client gets: the running service itself (same process only). */
  public final class LocalBinder extends Binder {
    public UcardAgentService service() {
      return UcardAgentService.this;
    }
  }

  private final LocalBinder binder = new LocalBinder();
  private final List<CardTapListener> listeners = new CopyOnWriteArrayList<>();
  private Handler main;
  private ExecutorService worker;
  private CardTapCallback tapCallback;
  private int timeoutMillis;

  @Override
  public void onCreate() {
    super.onCreate();
    main = new Handler(Looper.getMainLooper());
    worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ucard-card");
      t.setDaemon(true);
      return t;
    });
    timeoutMillis = configuredTimeout();
    NfcStatus nfc = NfcStatus.of(NfcAdapter.getDefaultAdapter(this));
    tapCallback = new CardTapCallback(worker, TerminalData.defaults(), timeoutMillis, nfc, new ToMainThread());
  }

  @Override
  public int onStartCommand(Intent intent, int flags, int startId) {
    return START_STICKY;
  }

  @Override
  public IBinder onBind(Intent intent) {
    return binder;
  }

  @Override
  public void onDestroy() {
    // No new read starts; one in progress (IsoDep I/O cannot be interrupted) runs to its end, closes its
    // connection, and its result reaches no listener.
    listeners.clear();
    worker.shutdownNow();
    super.onDestroy();
  }

  /** The callback the host Activity passes to {@link NfcReaderMode#enable}. */
  public CardTapCallback tapCallback() {
    return tapCallback;
  }

  /** The per-command card timeout in use, in milliseconds. */
  public int isoDepTimeoutMillis() {
    return timeoutMillis;
  }

  public void addListener(CardTapListener listener) {
    listeners.add(listener);
  }

  public void removeListener(CardTapListener listener) {
    listeners.remove(listener);
  }

  private int configuredTimeout() {
    try {
      ServiceInfo info = getPackageManager().getServiceInfo(new ComponentName(this, getClass()),
          PackageManager.GET_META_DATA);
      Bundle meta = info.metaData;
      int configured = meta == null ? 0 : meta.getInt(META_ISODEP_TIMEOUT, 0);
      return configured > 0 ? configured : IsoDepTransport.DEFAULT_TIMEOUT_MILLIS;
    } catch (PackageManager.NameNotFoundException notDeclared) {
      return IsoDepTransport.DEFAULT_TIMEOUT_MILLIS;
    }
  }

  /** Hands each result from the worker to the listeners on the main thread. */
  private final class ToMainThread implements CardTapListener {
    @Override
    public void onCardRead(CardRead read) {
      main.post(() -> {
        for (CardTapListener l : listeners) {
          l.onCardRead(read);
        }
      });
    }

    @Override
    public void onReadFailed(TransportException failure) {
      main.post(() -> {
        for (CardTapListener l : listeners) {
          l.onReadFailed(failure);
        }
      });
    }
  }
}

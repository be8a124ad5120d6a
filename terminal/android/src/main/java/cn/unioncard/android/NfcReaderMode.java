package cn.unioncard.android;

import android.app.Activity;
import android.nfc.NfcAdapter;
import android.os.Bundle;

/**
 * Turns NFC reader mode on and off for the host app's foreground {@link Activity}. The platform offers reader
 * mode only to an Activity in the foreground, so a headless service cannot enable it itself: the host Activity
 * calls {@link #enable} in {@code onResume} with the service's {@link UcardAgentService#tapCallback()} and
 * {@link #disable} in {@code onPause}.
 *
 * <p>Reader mode polls for NFC-A and NFC-B cards only (the member cards and bank cards are ISO/IEC 14443 A or B),
 * skips the platform's NDEF check (it would send its own commands to the card first), and plays no platform
 * sounds (the terminal gives its own approved/declined feedback).
 */
public final class NfcReaderMode {
  /** The reader-mode flags this project uses. */
  public static final int FLAGS = NfcAdapter.FLAG_READER_NFC_A
      | NfcAdapter.FLAG_READER_NFC_B
      | NfcAdapter.FLAG_READER_SKIP_NDEF_CHECK
      | NfcAdapter.FLAG_READER_NO_PLATFORM_SOUNDS;

  /** How often the platform checks that the card is still in the field, in milliseconds. */
  public static final int PRESENCE_CHECK_DELAY_MILLIS = 250;

  private NfcReaderMode() {}

  /**
   * Enables reader mode for {@code activity}.
   *
   * @throws IllegalStateException with a message for the user when the phone has no NFC or NFC is switched off
   */
  public static void enable(Activity activity, NfcAdapter.ReaderCallback callback) {
    NfcAdapter adapter = NfcAdapter.getDefaultAdapter(activity);
    if (adapter == null) {
      throw new IllegalStateException("this device has no NFC");
    }
    if (!adapter.isEnabled()) {
      throw new IllegalStateException("NFC is switched off; switch it on in the system settings");
    }
    Bundle extras = new Bundle();
    extras.putInt(NfcAdapter.EXTRA_READER_PRESENCE_CHECK_DELAY, PRESENCE_CHECK_DELAY_MILLIS);
    adapter.enableReaderMode(activity, callback, FLAGS, extras);
  }

  /** Disables reader mode for {@code activity}; harmless on a device without NFC. */
  public static void disable(Activity activity) {
    NfcAdapter adapter = NfcAdapter.getDefaultAdapter(activity);
    if (adapter != null) {
      adapter.disableReaderMode(activity);
    }
  }
}

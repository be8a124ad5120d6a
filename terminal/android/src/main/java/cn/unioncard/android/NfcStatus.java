package cn.unioncard.android;

import android.nfc.NfcAdapter;

/**
 * Whether the phone's NFC is on. {@link IsoDepTransport} asks it after an I/O error to tell "the card left" from
 * "NFC was switched off or its service is gone".
 */
@FunctionalInterface
public interface NfcStatus {
  boolean nfcOn();

  /** The state of {@code adapter}; no adapter (a phone without NFC) is "off". */
  static NfcStatus of(NfcAdapter adapter) {
    return () -> adapter != null && adapter.isEnabled();
  }
}

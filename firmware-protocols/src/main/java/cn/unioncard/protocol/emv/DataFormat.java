package cn.unioncard.protocol.emv;

/**
 * The data element formats of EMV Book 3 clause 4.3 (JR/T 0025 uses the same letters). They
 * decide how a value is read and how the terminal pads or truncates it in a DOL (EMV Book 3 clause 5.4).
 */
public enum DataFormat {
  /** Numeric: BCD, two digits a byte, right justified, leading zeros ({@code n}). */
  N,
  /** Compressed numeric: BCD, left justified, trailing {@code F} nibbles ({@code cn}). */
  CN,
  /** Alphanumeric: one character a byte, letters and digits ({@code an}). */
  AN,
  /** Alphanumeric special: one character a byte from the common character set ({@code ans}). */
  ANS,
  /** Binary, including bit combinations and templates ({@code b}). */
  B
}

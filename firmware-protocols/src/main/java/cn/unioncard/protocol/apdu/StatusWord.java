package cn.unioncard.protocol.apdu;

import java.util.HashMap;
import java.util.Map;

/**
 * A status word SW1-SW2 with its kind and meaning: ISO/IEC 7816-4:2020 clause 5.6 (tables 6 and 7), EMV
 * Book 1 / Book 3 (qualifying a {@code 6283} as "selected file invalidated"), and the PBOC electronic-purse
 * status words that JR/T 0025 and JT/T 978 cards return ({@code 93xx}, {@code 94xx}).
 */
public final class StatusWord {
  public static final int OK = 0x9000;

  /** How a caller should treat a status word. */
  public enum Kind {
    /** {@code 9000}: the command did what it was asked. */
    SUCCESS,
    /** {@code 61xx}: done, and xx (00 = 256) more bytes wait for GET RESPONSE. */
    MORE_DATA,
    /** {@code 6Cxx}: wrong Le; resend the same command with Le = xx. */
    WRONG_LE,
    /** {@code 62xx}, {@code 63xx}: processed with a warning; response data may be present. */
    WARNING,
    /** {@code 64xx}-{@code 66xx}: execution error; the card's state may have changed. */
    EXECUTION_ERROR,
    /** {@code 67xx}-{@code 6Fxx} (but {@code 6Cxx}): checking error; the command was refused. */
    CHECKING_ERROR,
    /** {@code 9xxx} other than {@code 9000}: an application-specific answer (e-purse, PSAM). */
    APPLICATION_ERROR,
    /** Not a valid status word (SW1 not 6x or 9x, or {@code 60xx}). */
    INVALID
  }

  private static final Map<Integer, String> MEANINGS = new HashMap<>();

  static {
    m(0x9000, "success");
    // ISO 7816-4 table 6: warnings
    m(0x6200, "warning: state of non-volatile memory unchanged");
    m(0x6281, "warning: part of returned data may be corrupted");
    m(0x6282, "warning: end of file or record reached before reading Ne bytes");
    m(0x6283, "warning: selected file deactivated (application blocked)");
    m(0x6284, "warning: file control information not formatted");
    m(0x6285, "warning: selected file in termination state");
    m(0x6286, "warning: no input data available from a sensor");
    m(0x6300, "warning: no information given (verification failed)");
    m(0x6381, "warning: file filled up by the last write");
    // execution errors
    m(0x6400, "execution error: state of non-volatile memory unchanged");
    m(0x6401, "execution error: immediate response required by the card");
    m(0x6500, "execution error: state of non-volatile memory changed");
    m(0x6581, "execution error: memory failure");
    m(0x6600, "execution error: security-related issue");
    // checking errors
    m(0x6700, "wrong length");
    m(0x6800, "functions in CLA not supported");
    m(0x6881, "logical channel not supported");
    m(0x6882, "secure messaging not supported");
    m(0x6883, "last command of the chain expected");
    m(0x6884, "command chaining not supported");
    m(0x6900, "command not allowed");
    m(0x6981, "command incompatible with file structure");
    m(0x6982, "security status not satisfied");
    m(0x6983, "authentication method blocked");
    m(0x6984, "reference data not usable");
    m(0x6985, "conditions of use not satisfied");
    m(0x6986, "command not allowed (no current EF)");
    m(0x6987, "expected secure messaging data objects missing");
    m(0x6988, "incorrect secure messaging data objects");
    m(0x6A00, "wrong parameters P1-P2");
    m(0x6A80, "incorrect parameters in the command data field");
    m(0x6A81, "function not supported (card or application blocked)");
    m(0x6A82, "file or application not found");
    m(0x6A83, "record not found");
    m(0x6A84, "not enough memory space in the file");
    m(0x6A85, "Nc inconsistent with TLV structure");
    m(0x6A86, "incorrect parameters P1-P2");
    m(0x6A87, "Nc inconsistent with parameters P1-P2");
    m(0x6A88, "referenced data or reference data not found");
    m(0x6A89, "file already exists");
    m(0x6A8A, "DF name already exists");
    m(0x6B00, "wrong parameters P1-P2 (offset outside the EF)");
    m(0x6D00, "instruction code not supported or invalid");
    m(0x6E00, "class not supported");
    m(0x6F00, "no precise diagnosis");
    // PBOC electronic purse / JT/T 978 transit application / PSAM
    m(0x9302, "MAC invalid");
    m(0x9303, "application permanently locked");
    m(0x9401, "insufficient balance");
    m(0x9402, "transaction counter at its limit");
    m(0x9403, "key index not supported");
    m(0x9406, "required MAC not available");
  }

  private static void m(int sw, String meaning) {
    MEANINGS.put(sw, meaning);
  }

  private final int sw;

  private StatusWord(int sw) {
    this.sw = sw;
  }

  public static StatusWord of(int sw) {
    if (sw < 0 || sw > 0xFFFF) {
      throw new IllegalArgumentException("status word out of range: " + sw);
    }
    return new StatusWord(sw);
  }

  public int value() {
    return sw;
  }

  public Kind kind() {
    int sw1 = sw >>> 8;
    if (sw == OK) {
      return Kind.SUCCESS;
    }
    if (sw1 == 0x61) {
      return Kind.MORE_DATA;
    }
    if (sw1 == 0x6C) {
      return Kind.WRONG_LE;
    }
    if (sw1 == 0x62 || sw1 == 0x63) {
      return Kind.WARNING;
    }
    if (sw1 >= 0x64 && sw1 <= 0x66) {
      return Kind.EXECUTION_ERROR;
    }
    if (sw1 >= 0x67 && sw1 <= 0x6F) {
      return Kind.CHECKING_ERROR;
    }
    if (sw1 >= 0x90 && sw1 <= 0x9F) {
      return Kind.APPLICATION_ERROR;
    }
    return Kind.INVALID;
  }

  /** Whether the command was processed: success, more data waiting, or a warning. */
  public boolean isProcessed() {
    Kind k = kind();
    return k == Kind.SUCCESS || k == Kind.MORE_DATA || k == Kind.WARNING;
  }

  /**
   * The meaning for a person. Status words with a counter or length in SW2 ({@code 61xx}, {@code 6Cxx},
   * {@code 63Cx}) say the number.
   */
  public String meaning() {
    String known = MEANINGS.get(sw);
    if (known != null) {
      return known;
    }
    int sw1 = sw >>> 8;
    int sw2 = sw & 0xFF;
    if (sw1 == 0x61) {
      return (sw2 == 0 ? 256 : sw2) + " more byte(s) available (GET RESPONSE)";
    }
    if (sw1 == 0x6C) {
      return "wrong Le; exact length is " + (sw2 == 0 ? 256 : sw2);
    }
    if (sw1 == 0x63 && (sw2 & 0xF0) == 0xC0) {
      return "warning: verification failed, " + (sw2 & 0x0F) + " tries left";
    }
    switch (kind()) {
      case WARNING:
        return "warning";
      case EXECUTION_ERROR:
        return "execution error";
      case CHECKING_ERROR:
        return "checking error";
      case APPLICATION_ERROR:
        return "application-specific error";
      default:
        return "invalid status word";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusWord && ((StatusWord) o).sw == sw;
  }

  @Override
  public int hashCode() {
    return sw;
  }

  /** For example {@code 6A82 (file or application not found)}. */
  @Override
  public String toString() {
    return String.format("%04X (%s)", sw, meaning());
  }
}

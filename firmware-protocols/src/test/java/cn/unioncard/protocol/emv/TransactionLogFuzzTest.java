package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided: a log format (first byte: its length, then the DOL) and a log record (the rest) decode to an
 * entry or throw DecodeException; every typed field returns a value or fails alone with DecodeException.
 */
class TransactionLogFuzzTest {
  @FuzzTest
  void transactionLog(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int n = Math.min(input[0] & 0xFF, input.length - 1);
    TransactionLogEntry e;
    try {
      Dol format = Dol.parse(Arrays.copyOfRange(input, 1, 1 + n));
      e = TransactionLogEntry.decode(format, Arrays.copyOfRange(input, 1 + n, input.length));
    } catch (DecodeException expected) {
      return;
    }
    exercise(e);
  }

  static void exercise(TransactionLogEntry e) {
    e.fields();
    try {
      e.date();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      e.time();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      e.amount();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      e.otherAmount();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      e.country();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      e.currency();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      e.merchantName();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      e.transactionType();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      e.atc();
    } catch (DecodeException expected) {
      // fine
    }
  }
}

package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: the GPO response decoder (formats 1 and 2, with the AIP and AFL inside) and its on-request
 * fields return values or throw DecodeException; what decodes re-encodes and decodes to the same response.
 */
class GpoResponseFuzzTest {
  @FuzzTest
  void gpoResponse(byte[] input) {
    GpoResponse g;
    try {
      g = GpoResponse.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    exercise(g);
    try {
      GpoResponse again = GpoResponse.decode(g.encode());
      assertEquals(g, again);
      assertEquals(g.aip(), again.aip());
      assertEquals(g.afl(), again.afl());
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded response failed to decode: " + e.getMessage(), e);
    }
  }

  /** Calls every optional-field accessor; each may fail alone with DecodeException. */
  static void exercise(GpoResponse g) {
    g.afl().recordCount();
    g.aip().toString();
    try {
      g.atc();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.applicationCryptogram();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.cid();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.issuerApplicationData();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.track2();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.panSequenceNumber();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.cardholderName();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.signedDynamicApplicationData();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.cardTransactionQualifiers();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      g.availableOfflineSpendingAmount();
    } catch (DecodeException expected) {
      // fine
    }
  }
}

package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided: 8 arbitrary bytes as a clear format-0 PIN block, the rest of the input as PAN digits (each
 * byte mod 10, at most 24 digits, so PANs of every length, valid or not, occur). Decoding returns a PIN or throws
 * DecodeException; a decoded PIN re-encodes to the very same block.
 */
class PinBlockFuzzTest {
  @FuzzTest
  void decodeFormat0(byte[] input) {
    byte[] block = Arrays.copyOf(input, Math.min(8, input.length));
    StringBuilder pan = new StringBuilder();
    for (int i = 8; i < input.length && pan.length() < 24; i++) {
      pan.append((char) ('0' + ((input[i] & 0xFF) % 10)));
    }
    String pin;
    try {
      pin = PinBlock.decodeFormat0(block, pan.toString());
    } catch (DecodeException expected) {
      return;
    }
    assertArrayEquals(block, PinBlock.format0(pin, pan.toString()));
    try {
      assertEquals(pin, PinBlock.decodeFormat2(PinBlock.format2(pin)));
    } catch (DecodeException e) {
      throw new AssertionError("a PIN that decoded fails format 2: " + e.getMessage(), e);
    }
  }
}

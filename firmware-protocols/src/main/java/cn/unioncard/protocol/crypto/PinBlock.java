package cn.unioncard.protocol.crypto;

import cn.unioncard.protocol.DecodeException;

/**
 * ISO 9564-1 PIN blocks (= ANSI X9.8): format 0 (PIN field XOR PAN field) and format 2 (PIN field alone, for
 * PINs checked by the card offline), and their encryption under a PIN key.
 *
 * <p>A PIN is 4 to 12 decimal digits. The PAN field of format 0 is {@code 0000} and the 12 rightmost PAN
 * digits excluding the check digit (left-padded with zeros if the PAN is short).
 *
 * <p>SM4 has a 16-byte block, so an SM4 PIN key encrypts a 16-byte block. {@link #format0ForSm4} builds the
 * widened format 0 used by Chinese bank interfaces (PIN field {@code 0 L P… F…} over 32 digits, PAN field 20
 * zero digits and the same 12 PAN digits; the convention shown in blog.csdn.net M_Kerry/104625499 "SM4
 * ECB模式+ANSI X9.8"). It is not an ISO format: confirm it with the host before relying on it.
 */
public final class PinBlock {
  private PinBlock() {}

  /** ISO 9564-1 format 0 (8 bytes). */
  public static byte[] format0(String pin, String pan) {
    checkPin(pin);
    return xorPan(pinField(0, pin, 8), panField(checkedPan(pan), 8));
  }

  /**
   * Decodes a clear format-0 block.
   *
   * @return the PIN digits
   * @throws DecodeException when the block is not 8 bytes, its control field is not 0, its PIN length is not
   *     4–12, a PIN digit is not decimal, a fill digit is not F, or the PAN is not 8–19 digits
   */
  public static String decodeFormat0(byte[] block, String pan) throws DecodeException {
    return decodeWithPan(block, pan, 8);
  }

  /** The widened 16-byte format 0 for SM4 PIN keys (see the class comment). */
  public static byte[] format0ForSm4(String pin, String pan) {
    checkPin(pin);
    return xorPan(pinField(0, pin, 16), panField(checkedPan(pan), 16));
  }

  /** Decodes a clear widened 16-byte format-0 block (see {@link #format0ForSm4}). */
  public static String decodeFormat0ForSm4(byte[] block, String pan) throws DecodeException {
    return decodeWithPan(block, pan, 16);
  }

  /** ISO 9564-1 format 2 (8 bytes, no PAN): {@code 2 L P… F…}. */
  public static byte[] format2(String pin) {
    checkPin(pin);
    return pinField(2, pin, 8);
  }

  /** Decodes a format-2 block. */
  public static String decodeFormat2(byte[] block) throws DecodeException {
    if (block == null || block.length != 8) {
      throw new DecodeException("a format 2 PIN block is 8 bytes", DecodeException.NO_OFFSET);
    }
    return decodePinField(block, 2);
  }

  /** Encrypts a clear PIN block under a PIN key, ECB: TDEA for 8-byte blocks, SM4 for 16-byte blocks. */
  public static byte[] encrypt(BlockAlgorithm cipher, byte[] pinKey, byte[] clearBlock) {
    Keys.requireLength(clearBlock, cipher.blockSize(), cipher + " PIN block");
    return cipher.encryptEcb(pinKey, clearBlock);
  }

  /** Decrypts an encrypted PIN block (the inverse of {@link #encrypt}). */
  public static byte[] decrypt(BlockAlgorithm cipher, byte[] pinKey, byte[] encryptedBlock) {
    Keys.requireLength(encryptedBlock, cipher.blockSize(), cipher + " PIN block");
    return cipher.decryptEcb(pinKey, encryptedBlock);
  }

  private static String decodeWithPan(byte[] block, String pan, int size) throws DecodeException {
    if (block == null || block.length != size) {
      throw new DecodeException("a format 0 PIN block here is " + size + " bytes", DecodeException.NO_OFFSET);
    }
    if (!isPan(pan)) {
      throw new DecodeException("the PAN must be 8 to 19 digits", DecodeException.NO_OFFSET);
    }
    byte[] field = Keys.xor(block, panField(pan, size)); // never wipes the caller's block
    try {
      return decodePinField(field, 0);
    } finally {
      Keys.wipe(field);
    }
  }

  private static String decodePinField(byte[] field, int control) throws DecodeException {
    int c = nibble(field, 0);
    if (c != control) {
      throw new DecodeException("PIN block control field is " + c + ", expected " + control, 0);
    }
    int length = nibble(field, 1);
    if (length < 4 || length > 12) {
      throw new DecodeException("PIN length " + length + " is not 4 to 12", 0);
    }
    char[] pin = new char[length];
    for (int i = 0; i < length; i++) {
      int d = nibble(field, 2 + i);
      if (d > 9) {
        throw new DecodeException("PIN digit is not decimal", (2 + i) / 2);
      }
      pin[i] = (char) ('0' + d);
    }
    for (int i = 2 + length; i < field.length * 2; i++) {
      if (nibble(field, i) != 0x0F) {
        throw new DecodeException("PIN fill digit is not F", i / 2);
      }
    }
    return new String(pin);
  }

  private static byte[] pinField(int control, String pin, int size) {
    byte[] field = new byte[size];
    java.util.Arrays.fill(field, (byte) 0xFF);
    setNibble(field, 0, control);
    setNibble(field, 1, pin.length());
    for (int i = 0; i < pin.length(); i++) {
      setNibble(field, 2 + i, pin.charAt(i) - '0');
    }
    return field;
  }

  /** Zeros, then the 12 rightmost PAN digits excluding the check digit, in the last 6 bytes. */
  private static byte[] panField(String pan, int size) {
    String body = pan.substring(0, pan.length() - 1);
    if (body.length() > 12) {
      body = body.substring(body.length() - 12);
    }
    byte[] field = new byte[size];
    int start = size * 2 - body.length();
    for (int i = 0; i < body.length(); i++) {
      setNibble(field, start + i, body.charAt(i) - '0');
    }
    return field;
  }

  /** The PIN field XOR the PAN field; wipes the PIN field, which this class made itself. */
  private static byte[] xorPan(byte[] pinField, byte[] panField) {
    byte[] out = Keys.xor(pinField, panField);
    Keys.wipe(pinField);
    return out;
  }

  private static void checkPin(String pin) {
    EmvKeyDerivation.checkDigits(pin, 4, 12, "PIN");
  }

  private static String checkedPan(String pan) {
    if (!isPan(pan)) {
      throw new IllegalArgumentException("the PAN must be 8 to 19 digits");
    }
    return pan;
  }

  private static boolean isPan(String pan) {
    if (pan == null || pan.length() < 8 || pan.length() > 19) {
      return false;
    }
    for (int i = 0; i < pan.length(); i++) {
      if (pan.charAt(i) < '0' || pan.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int nibble(byte[] b, int i) {
    int v = b[i / 2] & 0xFF;
    return i % 2 == 0 ? v >>> 4 : v & 0x0F;
  }

  private static void setNibble(byte[] b, int i, int value) {
    int v = b[i / 2] & 0xFF;
    b[i / 2] = (byte) (i % 2 == 0 ? (v & 0x0F) | (value << 4) : (v & 0xF0) | value);
  }
}

package cn.unioncard.protocol.check;

/**
 * The CRC-16 models this project uses, each with the parameters of the CRC catalogue
 * (shared/vectors/crypto.md §5.8): polynomial, initial value, reflection of input and output, final XOR.
 *
 * <p>All models here reflect both input and output or neither. Table-driven, one byte per step. The CRC of
 * the ASCII string {@code 123456789} (the catalogue's "check" value) is in each constant's comment.
 */
public enum Crc16 {
  /** CRC-16/IBM-3740 ("CCITT-FALSE"): poly 0x1021, init 0xFFFF, not reflected; check 0x29B1. The ECR frame check. */
  IBM_3740(0x1021, 0xFFFF, false, 0x0000),
  /** CRC-16/KERMIT ("CCITT-TRUE"): poly 0x1021, init 0x0000, reflected; check 0x2189. */
  KERMIT(0x1021, 0x0000, true, 0x0000),
  /** CRC-16/XMODEM: poly 0x1021, init 0x0000, not reflected; check 0x31C3. */
  XMODEM(0x1021, 0x0000, false, 0x0000),
  /** CRC-16/MODBUS: poly 0x8005, init 0xFFFF, reflected; check 0x4B37. */
  MODBUS(0x8005, 0xFFFF, true, 0x0000),
  /** CRC_A of ISO/IEC 14443-3 Type A (CRC-16/ISO-IEC-14443-3-A): poly 0x1021, init 0xC6C6, reflected; check 0xBF05. */
  ISO_14443_A(0x1021, 0xC6C6, true, 0x0000),
  /**
   * CRC_B of ISO/IEC 14443-3 Type B, the same as CRC-16/IBM-SDLC and X.25: poly 0x1021, init 0xFFFF,
   * reflected, final XOR 0xFFFF; check 0x906E.
   */
  ISO_14443_B(0x1021, 0xFFFF, true, 0xFFFF);

  private final boolean reflected;
  private final int register0;
  private final int xorOut;
  private final int[] table = new int[256];

  Crc16(int poly, int init, boolean reflected, int xorOut) {
    this.reflected = reflected;
    this.xorOut = xorOut;
    if (reflected) {
      // Reflected model: shift right with the bit-reversed polynomial; the register starts bit-reversed too.
      int rpoly = reflect16(poly);
      this.register0 = reflect16(init);
      for (int i = 0; i < 256; i++) {
        int r = i;
        for (int k = 0; k < 8; k++) {
          r = (r & 1) != 0 ? (r >>> 1) ^ rpoly : r >>> 1;
        }
        table[i] = r;
      }
    } else {
      this.register0 = init;
      for (int i = 0; i < 256; i++) {
        int r = i << 8;
        for (int k = 0; k < 8; k++) {
          r = (r & 0x8000) != 0 ? ((r << 1) ^ poly) & 0xFFFF : (r << 1) & 0xFFFF;
        }
        table[i] = r;
      }
    }
  }

  /** The CRC of all of {@code data}, 0..0xFFFF. */
  public int compute(byte[] data) {
    return compute(data, 0, data.length);
  }

  /** The CRC of {@code length} bytes of {@code data} from {@code offset}, 0..0xFFFF. */
  public int compute(byte[] data, int offset, int length) {
    int crc = register0;
    if (reflected) {
      for (int i = offset; i < offset + length; i++) {
        crc = (crc >>> 8) ^ table[(crc ^ data[i]) & 0xFF];
      }
    } else {
      for (int i = offset; i < offset + length; i++) {
        crc = ((crc << 8) & 0xFFFF) ^ table[((crc >>> 8) ^ data[i]) & 0xFF];
      }
    }
    return crc ^ xorOut;
  }

  /**
   * {@code crc} as the two bytes that go on the wire: least significant byte first for the reflected
   * models (as ISO/IEC 14443-3 sends CRC_A and CRC_B, and Modbus its CRC), most significant first for the
   * others.
   */
  public byte[] wireBytes(int crc) {
    byte hi = (byte) (crc >>> 8);
    byte lo = (byte) crc;
    return reflected ? new byte[] {lo, hi} : new byte[] {hi, lo};
  }

  private static int reflect16(int v) {
    return Integer.reverse(v) >>> 16;
  }
}

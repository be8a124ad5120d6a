package cn.unioncard.protocol.crypto;

/** The padding methods of ISO/IEC 9797-1:2011 §6.3 for a block of {@code n} bytes. */
public enum MacPadding {
  /**
   * Method 1 (§6.3): zero bytes up to a whole number of blocks, none if the data already fills its blocks;
   * an empty input becomes one zero block. (Visa's "00 padding".)
   */
  METHOD_1,
  /**
   * Method 2 (§6.3, = ISO/IEC 7816-4 padding): always one {@code 80} byte, then zero bytes up to a whole
   * number of blocks. (EMV and PBOC MACs, the e-purse MAC1/MAC2/TAC.)
   */
  METHOD_2,
  /**
   * Method 3 (§6.3): a first block holding the bit length of the data (big-endian), then the data padded
   * with zero bytes (possibly none) to a whole number of blocks.
   */
  METHOD_3;

  /** The padded copy of {@code data} for a cipher of {@code blockSize} bytes. */
  public byte[] pad(byte[] data, int blockSize) {
    switch (this) {
      case METHOD_1: {
        int blocks = Math.max(1, (data.length + blockSize - 1) / blockSize);
        byte[] out = new byte[blocks * blockSize];
        System.arraycopy(data, 0, out, 0, data.length);
        return out;
      }
      case METHOD_2: {
        int blocks = data.length / blockSize + 1;
        byte[] out = new byte[blocks * blockSize];
        System.arraycopy(data, 0, out, 0, data.length);
        out[data.length] = (byte) 0x80;
        return out;
      }
      default: {
        int blocks = (data.length + blockSize - 1) / blockSize;
        byte[] out = new byte[(blocks + 1) * blockSize];
        long bits = (long) data.length * 8;
        for (int i = 0; i < 8 && i < blockSize; i++) {
          out[blockSize - 1 - i] = (byte) (bits >>> (8 * i));
        }
        System.arraycopy(data, 0, out, blockSize, data.length);
        return out;
      }
    }
  }
}

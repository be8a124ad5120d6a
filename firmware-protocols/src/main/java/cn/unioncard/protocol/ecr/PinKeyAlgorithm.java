package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;

/** The PIN key's algorithm, which sets the PIN block's size (docs/ecr-protocol.md §10). */
public enum PinKeyAlgorithm implements Fields.Coded {
  /** TDEA: ISO 9564 format 0, 8 bytes. */
  TDEA(0x01, 8),
  /** SM4: the widened 16-byte format 0 of Chinese bank interfaces. */
  SM4(0x02, 16);

  private final int code;
  private final int blockSize;

  PinKeyAlgorithm(int code, int blockSize) {
    this.code = code;
    this.blockSize = blockSize;
  }

  @Override
  public int code() {
    return code;
  }

  /** Bytes of the encrypted PIN block. */
  public int blockSize() {
    return blockSize;
  }

  public static PinKeyAlgorithm fromCode(int code, int offset) throws DecodeException {
    return Fields.decode(PinKeyAlgorithm.class, code, "PIN key algorithm", offset);
  }
}

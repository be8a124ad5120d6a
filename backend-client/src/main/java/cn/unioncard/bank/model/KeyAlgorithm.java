package cn.unioncard.bank.model;

import cn.unioncard.protocol.crypto.BlockAlgorithm;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The cipher of the terminal master key and of the key blocks of a sign-on. */
public enum KeyAlgorithm {
  /** SM4 (GB/T 32907-2016), 16-byte keys. */
  @JsonProperty("SM4")
  SM4(BlockAlgorithm.SM4),
  /** Double-length TDEA (ISO/IEC 18033-3), 16-byte keys. */
  @JsonProperty("TDEA")
  TDEA(BlockAlgorithm.TDEA);

  private final BlockAlgorithm cipher;

  KeyAlgorithm(BlockAlgorithm cipher) {
    this.cipher = cipher;
  }

  /** The block cipher. */
  public BlockAlgorithm cipher() {
    return cipher;
  }
}

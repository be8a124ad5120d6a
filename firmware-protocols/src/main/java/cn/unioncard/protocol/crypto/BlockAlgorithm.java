package cn.unioncard.protocol.crypto;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The block ciphers of this package, in the raw ECB and CBC modes over whole blocks. There is no padding
 * here: the caller pads (see {@link MacPadding} for the ISO/IEC 9797-1 methods) and a length that is not a
 * multiple of the block size is an {@link IllegalArgumentException}.
 */
public enum BlockAlgorithm {
  /** Single DES (FIPS 46-3), 8-byte key, 8-byte block. Only inside MACs and the e-purse session keys. */
  DES(8) {
    @Override
    BlockCipher newEngine() {
      return new DESEngine();
    }

    @Override
    void checkKey(byte[] key) {
      Keys.requireLength(key, 8, "DES key");
    }
  },
  /** TDEA (ISO/IEC 18033-3, NIST SP 800-67), EDE with a 16-byte (K1‖K2) or 24-byte key, 8-byte block. */
  TDEA(8) {
    @Override
    BlockCipher newEngine() {
      return new DESedeEngine();
    }

    @Override
    void checkKey(byte[] key) {
      if (key == null || (key.length != 16 && key.length != 24)) {
        throw new IllegalArgumentException(
            "TDEA key must be 16 or 24 bytes, not " + (key == null ? "null" : key.length));
      }
    }
  },
  /** SM4 (GB/T 32907-2016), 16-byte key, 16-byte block. */
  SM4(16) {
    @Override
    BlockCipher newEngine() {
      return new SM4Engine();
    }

    @Override
    void checkKey(byte[] key) {
      Keys.requireLength(key, 16, "SM4 key");
    }
  };

  private final int blockSize;

  BlockAlgorithm(int blockSize) {
    this.blockSize = blockSize;
  }

  /** The block size in bytes: 8 for DES and TDEA, 16 for SM4. */
  public int blockSize() {
    return blockSize;
  }

  abstract BlockCipher newEngine();

  abstract void checkKey(byte[] key);

  /** A cipher keyed for one direction. BouncyCastle expands the key into its own schedule. */
  BlockCipher keyed(byte[] key, boolean encrypt) {
    checkKey(key);
    BlockCipher engine = newEngine();
    engine.init(encrypt, new KeyParameter(key));
    return engine;
  }

  /** ECB encryption of whole blocks. */
  public byte[] encryptEcb(byte[] key, byte[] data) {
    return ecb(key, data, true);
  }

  /** ECB decryption of whole blocks. */
  public byte[] decryptEcb(byte[] key, byte[] data) {
    return ecb(key, data, false);
  }

  /** CBC encryption of whole blocks with the given IV (one block). */
  public byte[] encryptCbc(byte[] key, byte[] iv, byte[] data) {
    checkBlocks(data);
    Keys.requireLength(iv, blockSize, "IV");
    BlockCipher c = keyed(key, true);
    byte[] out = new byte[data.length];
    byte[] chain = iv.clone();
    for (int off = 0; off < data.length; off += blockSize) {
      for (int i = 0; i < blockSize; i++) {
        chain[i] ^= data[off + i];
      }
      c.processBlock(chain, 0, out, off);
      System.arraycopy(out, off, chain, 0, blockSize);
    }
    return out;
  }

  /** CBC decryption of whole blocks with the given IV (one block). */
  public byte[] decryptCbc(byte[] key, byte[] iv, byte[] data) {
    checkBlocks(data);
    Keys.requireLength(iv, blockSize, "IV");
    BlockCipher c = keyed(key, false);
    byte[] out = new byte[data.length];
    byte[] previous = iv.clone();
    for (int off = 0; off < data.length; off += blockSize) {
      c.processBlock(data, off, out, off);
      for (int i = 0; i < blockSize; i++) {
        out[off + i] ^= previous[i];
      }
      System.arraycopy(data, off, previous, 0, blockSize);
    }
    return out;
  }

  /**
   * The key check value: the first 3 bytes of the encryption of one all-zero block (the usual KCV of payment
   * HSMs, e.g. ANSI X9.24-1 for TDEA; the same rule applied to SM4).
   */
  public byte[] checkValue(byte[] key) {
    byte[] zero = new byte[blockSize];
    byte[] e = encryptEcb(key, zero);
    byte[] kcv = new byte[3];
    System.arraycopy(e, 0, kcv, 0, 3);
    return kcv;
  }

  private byte[] ecb(byte[] key, byte[] data, boolean encrypt) {
    checkBlocks(data);
    BlockCipher c = keyed(key, encrypt);
    byte[] out = new byte[data.length];
    for (int off = 0; off < data.length; off += blockSize) {
      c.processBlock(data, off, out, off);
    }
    return out;
  }

  private void checkBlocks(byte[] data) {
    if (data == null || data.length % blockSize != 0) {
      throw new IllegalArgumentException(
          name() + " data must be whole " + blockSize + "-byte blocks, not "
              + (data == null ? "null" : data.length + " bytes"));
    }
  }
}

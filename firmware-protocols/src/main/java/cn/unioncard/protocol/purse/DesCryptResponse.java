package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;

/**
 * The PSAM's answer to {@link DesCrypt}: a 4-byte MAC in the MAC modes, or 8N bytes of ciphertext in the
 * encryption modes. Some PSAMs answer a MAC request with the whole 8-byte block; {@link #mac()} is then
 * its first 4 bytes (ProjectAfcApp {@code operat_Black} sends the first 4 bytes to the card).
 *
 * @param result hex: 4 bytes, or 8 to 248 bytes in multiples of 8
 */
public record DesCryptResponse(String result) {
  static final String NAME = "DES_CRYPT response";

  public DesCryptResponse {
    if (result == null || !validLength(result.length() / 2) || result.length() % 2 != 0) {
      throw new IllegalArgumentException("result of 4 or 8N bytes required: " + result);
    }
    result = PurseCodec.checkHex(result, result.length() / 2, "result");
  }

  private static boolean validLength(int n) {
    return n == 4 || (n >= 8 && n <= 248 && n % 8 == 0);
  }

  /** The MAC: the first 4 bytes, 8 hex digits. */
  public String mac() {
    return result.substring(0, 8);
  }

  public ResponseApdu toApdu() {
    return new ResponseApdu(Hex.of(result), StatusWord.OK);
  }

  public static DesCryptResponse parse(ResponseApdu r) throws DecodeException {
    PurseCodec.okStatus(r, NAME);
    if (!validLength(r.dataLength())) {
      throw new DecodeException(NAME + ": " + r.dataLength() + " byte(s), expected 4 or 8N", 0);
    }
    return new DesCryptResponse(Hex.encode(r.data()));
  }
}

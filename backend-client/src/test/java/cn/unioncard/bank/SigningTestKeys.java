package cn.unioncard.bank;

import cn.unioncard.protocol.Hex;

/** Fixed test keys (never production keys): private keys of sm2p256v1 and P-256. */
final class SigningTestKeys {
  private SigningTestKeys() {}

  // shared/vectors/crypto.md §5.6 GM/T 0003.5 example key, and bc-java SM2SignerTest's key
  static final byte[] TERMINAL_SM2 = Hex.of("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
  static final byte[] BANK_RESPONSE = Hex.of("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263");
  static final byte[] BANK_REFERENCE = Hex.of("110E7973206F68C19EE5F7328C036F26911C8C73B4E4F36AE3291097F8984FFC");
  // RFC 6979 A.2.5 P-256 private key
  static final byte[] TERMINAL_P256 = Hex.of("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
}

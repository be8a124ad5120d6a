package cn.unioncard.protocol.crypto;

import java.util.Arrays;

/**
 * The PBOC electronic-purse (电子钱包) cryptography of JR/T 0025 / PBOC 2.0 e-purse, as JT/T 978 transit cards
 * and their PSAMs use it: sub-key diversification, the purchase (消费 / 复合消费) session key, MAC1, MAC2 and TAC,
 * and the load (圈存) session key, MAC1 and MAC2. DES/TDEA only (algorithm id {@code 00}); the SM4 variant
 * (algorithm id {@code 04}) is <b>not</b> implemented: no public source found states its session-key input
 * and MAC construction clearly enough.
 *
 * <p>The standards' text was not available. What is implemented, and from where:
 *
 * <ul>
 *   <li><b>MAC</b> (every MAC here): single-DES CBC-MAC with the 8-byte session key, IV zero, padding {@code
 *       80 00…} always appended, the leftmost 4 bytes, i.e. ISO/IEC 9797-1 MAC algorithm 1, padding method 2.
 *       As written out step by step for "ED/EP 交易中的MAC" in the LKCOS chip manual excerpt (blog.csdn.net
 *       u013758702/125481821, 51hei.com tid 221979).
 *   <li><b>Purchase session key</b> {@code SESPK = TDEA(DPK, pseudo-random 4 ‖ offline ATC 2 ‖ rightmost 2
 *       bytes of the terminal transaction serial)}; <b>MAC1</b> over {@code amount 4 ‖ transaction type 1 ‖
 *       terminal number 6 ‖ date 4 ‖ time 3}; <b>MAC2</b> over {@code amount 4}: the PBOC 2.0 purchase
 *       description (cnblogs.com cuglkb/p/5922808 "PBOC2.0中消费交易流程") and the worked example
 *       "基于PBOC电子钱包的消费过程详解" (cnblogs.com ttss/p/4280430, twblogs.net), whose SESPK, MAC1 and MAC2 this class
 *       reproduces.
 *   <li><b>TAC</b> over {@code amount 4 ‖ type 1 ‖ terminal number 6 ‖ terminal serial 4 ‖ date 4 ‖ time 3},
 *       with the 8-byte key {@code DTK_left ⊕ DTK_right}: "电子钱包交易过程中利用PSAM卡计算TAC" (csdndocs.com article
 *       10343414, uzzz.org 2017/06/17). No published TAC value was found: its test vector is a regression
 *       value.
 *   <li><b>Load session key</b> {@code SESLK = TDEA(DLK, pseudo-random 4 ‖ online ATC 2 ‖ 80 00)}; load
 *       <b>MAC1</b> (from the card) over {@code balance 4 ‖ amount 4 ‖ type 1 ‖ terminal number 6}; load
 *       <b>MAC2</b> (from the host) over {@code amount 4 ‖ type 1 ‖ terminal number 6 ‖ date 4 ‖ time 3}: the
 *       worked example "基于PBOC的电子钱包的圈存过程" (ncuisine.com 379) and a card-test script (uzzz.org 2011/04/01),
 *       both reproduced.
 *   <li><b>Diversification</b> of a master key by an 8-byte factor D: {@code TDEA(MK, D) ‖ TDEA(MK, ~D)}, the
 *       usual PBOC/PSAM one-level rule. Two levels (the JT/T 978 PSAM MAC1 command carries the card number's
 *       last 8 bytes and the 8-byte issuer id, shared/vectors/transit-files.md §3.4; a PSAM "DES init" lists
 *       "卡序列号 ‖ 机构代码") are implemented as the key hierarchy reads: first by the issuer id, then by the card
 *       factor. That order is an inference, not a quoted rule.
 * </ul>
 *
 * <p>Amounts are fen in 4 unsigned big-endian bytes; date and time are the 7 BCD bytes {@code YYYYMMDDhhmmss}
 * that DEBIT FOR CAPP PURCHASE carries.
 */
public final class ElectronicPurseCrypto {
  /** Purchase (消费) transaction type identifier. */
  public static final int TYPE_PURCHASE = 0x06;
  /** Compound purchase (复合消费) transaction type identifier. */
  public static final int TYPE_COMPOUND_PURCHASE = 0x09;
  /** E-purse load (圈存) transaction type identifier. */
  public static final int TYPE_LOAD = 0x02;

  private ElectronicPurseCrypto() {}

  /** One-level diversification: {@code TDEA(MK, D) ‖ TDEA(MK, ~D)}, 16 bytes. */
  public static byte[] diversify(byte[] masterKey, byte[] diversifier) {
    Keys.requireLength(masterKey, 16, "master key");
    Keys.requireLength(diversifier, 8, "diversifier");
    byte[] inverted = new byte[8];
    for (int i = 0; i < 8; i++) {
      inverted[i] = (byte) ~diversifier[i];
    }
    byte[] left = BlockAlgorithm.TDEA.encryptEcb(masterKey, diversifier);
    byte[] right = BlockAlgorithm.TDEA.encryptEcb(masterKey, inverted);
    byte[] key = Keys.concat(left, right);
    Keys.wipe(left, right);
    return key;
  }

  /**
   * Two-level diversification: {@code diversify(diversify(MK, issuerId), cardDiversifier)} (order inferred,
   * see the class comment).
   *
   * @param issuerId the 8-byte issuer id (发卡机构标识, file 0015 bytes 0–7)
   * @param cardDiversifier the rightmost 8 bytes of the 10-byte application serial number (应用序列号)
   */
  public static byte[] diversify(byte[] masterKey, byte[] issuerId, byte[] cardDiversifier) {
    byte[] issuerKey = diversify(masterKey, issuerId);
    try {
      return diversify(issuerKey, cardDiversifier);
    } finally {
      Keys.wipe(issuerKey);
    }
  }

  /**
   * The purchase session key SESPK (8 bytes).
   *
   * @param purchaseKey the card's 16-byte purchase sub-key DPK
   * @param pseudoRandom the 4 bytes from INITIALIZE FOR PURCHASE
   * @param offlineAtc the 2-byte offline transaction counter from INITIALIZE FOR PURCHASE
   * @param terminalSerial the 4-byte terminal transaction serial (only its last 2 bytes are used)
   */
  public static byte[] purchaseSessionKey(
      byte[] purchaseKey, byte[] pseudoRandom, byte[] offlineAtc, byte[] terminalSerial) {
    Keys.requireLength(purchaseKey, 16, "purchase key");
    Keys.requireLength(pseudoRandom, 4, "pseudo-random number");
    Keys.requireLength(offlineAtc, 2, "offline ATC");
    Keys.requireLength(terminalSerial, 4, "terminal transaction serial");
    byte[] input = Keys.concat(pseudoRandom, offlineAtc, Arrays.copyOfRange(terminalSerial, 2, 4));
    return BlockAlgorithm.TDEA.encryptEcb(purchaseKey, input);
  }

  /** MAC1 of a purchase (PSAM → card): over amount ‖ type ‖ terminal number ‖ date ‖ time. */
  public static byte[] purchaseMac1(
      byte[] sessionKey, long amountFen, int transactionType, byte[] terminalNumber, byte[] dateTime) {
    return mac(
        sessionKey,
        Keys.concat(amount(amountFen), type(transactionType), terminal(terminalNumber), dateTime(dateTime)));
  }

  /** MAC2 of a purchase (card → PSAM): over the amount. */
  public static byte[] purchaseMac2(byte[] sessionKey, long amountFen) {
    return mac(sessionKey, amount(amountFen));
  }

  /**
   * The TAC of a purchase: over amount ‖ type ‖ terminal number ‖ terminal serial ‖ date ‖ time, keyed with
   * the left half XOR the right half of the 16-byte TAC key DTK.
   */
  public static byte[] purchaseTac(
      byte[] tacKey,
      long amountFen,
      int transactionType,
      byte[] terminalNumber,
      byte[] terminalSerial,
      byte[] dateTime) {
    Keys.requireLength(tacKey, 16, "TAC key");
    Keys.requireLength(terminalSerial, 4, "terminal transaction serial");
    byte[] key = Keys.xor(Arrays.copyOfRange(tacKey, 0, 8), Arrays.copyOfRange(tacKey, 8, 16));
    try {
      return mac(
          key,
          Keys.concat(
              amount(amountFen),
              type(transactionType),
              terminal(terminalNumber),
              terminalSerial,
              dateTime(dateTime)));
    } finally {
      Keys.wipe(key);
    }
  }

  /**
   * The load session key SESLK (8 bytes): {@code TDEA(DLK, pseudo-random 4 ‖ online ATC 2 ‖ 80 00)}.
   *
   * @param loadKey the card's 16-byte load sub-key DLK
   */
  public static byte[] loadSessionKey(byte[] loadKey, byte[] pseudoRandom, byte[] onlineAtc) {
    Keys.requireLength(loadKey, 16, "load key");
    Keys.requireLength(pseudoRandom, 4, "pseudo-random number");
    Keys.requireLength(onlineAtc, 2, "online ATC");
    return BlockAlgorithm.TDEA.encryptEcb(
        loadKey, Keys.concat(pseudoRandom, onlineAtc, new byte[] {(byte) 0x80, 0}));
  }

  /** MAC1 of a load (card → terminal/host): over balance before ‖ amount ‖ type ‖ terminal number. */
  public static byte[] loadMac1(
      byte[] sessionKey,
      long balanceBeforeFen,
      long amountFen,
      int transactionType,
      byte[] terminalNumber) {
    return mac(
        sessionKey,
        Keys.concat(
            amount(balanceBeforeFen), amount(amountFen), type(transactionType), terminal(terminalNumber)));
  }

  /** MAC2 of a load (host → card): over amount ‖ type ‖ terminal number ‖ date ‖ time. */
  public static byte[] loadMac2(
      byte[] sessionKey, long amountFen, int transactionType, byte[] terminalNumber, byte[] dateTime) {
    return mac(
        sessionKey,
        Keys.concat(amount(amountFen), type(transactionType), terminal(terminalNumber), dateTime(dateTime)));
  }

  private static byte[] mac(byte[] key8, byte[] data) {
    Keys.requireLength(key8, 8, "session key");
    return Iso9797Mac.algorithm1(BlockAlgorithm.DES, key8, data, MacPadding.METHOD_2, 4);
  }

  private static byte[] amount(long fen) {
    if (fen < 0 || fen > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("amount must fit 4 unsigned bytes: " + fen);
    }
    return new byte[] {(byte) (fen >>> 24), (byte) (fen >>> 16), (byte) (fen >>> 8), (byte) fen};
  }

  private static byte[] type(int transactionType) {
    if (transactionType < 0 || transactionType > 0xFF) {
      throw new IllegalArgumentException("transaction type is one byte: " + transactionType);
    }
    return new byte[] {(byte) transactionType};
  }

  private static byte[] terminal(byte[] terminalNumber) {
    Keys.requireLength(terminalNumber, 6, "terminal number");
    return terminalNumber;
  }

  private static byte[] dateTime(byte[] dateTime) {
    Keys.requireLength(dateTime, 7, "date and time (YYYYMMDDhhmmss BCD)");
    return dateTime;
  }
}

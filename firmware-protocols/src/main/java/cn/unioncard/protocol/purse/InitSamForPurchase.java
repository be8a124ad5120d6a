package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * INIT_SAM_FOR_PURCHASE (MAC1 计算), sent to the PSAM: {@code 80 70 00 00 <Lc = 14 + 8N> <pseudo-random 4>
 * <offline ATC 2> <amount 4> <transaction type 1> <date-time 7> <key version 1> <algorithm id 1>
 * <N diversifiers of 8 bytes> 08}. JT/T 978 terminals send N = 2 (card serial's last 8 bytes, then the
 * issuer id: Lc {@code 24}); some systems send N = 1 (Lc {@code 1C}); the PSAM command allows N up to 3.
 * The answer is an {@link InitSamForPurchaseResponse}. Sources: shared/vectors/transit-files.md §3.4
 * step 3 (ProjectAfcApp {@code pboc_sam_init_purchaseJTB}); PSAM command layout (Lc {@code 14 + 8N},
 * Le {@code 08}) as documented in public PSAM drivers citing the 中国金融 PSAM specification.
 *
 * @param pseudoRandom 8 hex digits, from {@link InitializeForPurchaseResponse#pseudoRandom()}
 * @param offlineAtc from {@link InitializeForPurchaseResponse#offlineAtc()}
 * @param amount fen
 * @param transactionType {@code 06} purchase or {@code 09} compound purchase (any byte is carried)
 * @param diversifiers 1 to 3 key diversifiers, 16 hex digits each
 */
public record InitSamForPurchase(
    String pseudoRandom,
    int offlineAtc,
    long amount,
    int transactionType,
    LocalDateTime dateTime,
    int keyVersion,
    int algorithmId,
    List<String> diversifiers) {
  static final String NAME = "INIT_SAM_FOR_PURCHASE";
  static final int FIXED_LENGTH = 0x14;
  /** Lc with the card and issuer diversifiers (N = 2), as JT/T 978 terminals send it. */
  public static final int LC_CARD_AND_ISSUER = 0x24;
  /** Lc with the card diversifier only (N = 1). */
  public static final int LC_CARD_ONLY = 0x1C;

  public InitSamForPurchase {
    pseudoRandom = PurseCodec.checkHex(pseudoRandom, 4, "pseudo-random number");
    PurseCodec.checkUint(offlineAtc, 2, "offline ATC");
    PurseCodec.checkUint(amount, 4, "amount");
    PurseCodec.checkUint(transactionType, 1, "transaction type");
    if (dateTime == null) {
      throw new IllegalArgumentException("date and time are required");
    }
    dateTime = PurseCodec.checkDateTime(dateTime, "date and time");
    PurseCodec.checkUint(keyVersion, 1, "key version");
    PurseCodec.checkUint(algorithmId, 1, "algorithm id");
    diversifiers = checkDiversifiers(diversifiers);
  }

  /**
   * The MAC1 request for the purchase {@code command} answered by {@code init}, at {@code dateTime}, for
   * the card described by {@code card}: diversified by the card serial's last 8 bytes and, when
   * {@code withIssuer}, by the issuer id (Lc {@code 24}; otherwise Lc {@code 1C}).
   */
  public static InitSamForPurchase of(
      InitializeForPurchase command,
      InitializeForPurchaseResponse init,
      LocalDateTime dateTime,
      PublicInfo card,
      boolean withIssuer) {
    List<String> div = withIssuer
        ? Arrays.asList(card.serialLast8Bytes(), card.issuerId())
        : Collections.singletonList(card.serialLast8Bytes());
    return new InitSamForPurchase(init.pseudoRandom(), init.offlineAtc(), command.amount(),
        command.kind().transactionType().code(), dateTime, init.keyVersion(), init.algorithmId(), div);
  }

  /** The card-serial diversifier masked (first 4, last 4 digits). */
  @Override
  public String toString() {
    return "InitSamForPurchase[pseudoRandom=" + pseudoRandom + ", offlineAtc=" + offlineAtc + ", amount="
        + amount + ", transactionType=" + transactionType + ", dateTime=" + dateTime + ", keyVersion="
        + keyVersion + ", algorithmId=" + algorithmId + ", diversifiers=" + masked(diversifiers) + "]";
  }

  /** The first diversifier (the card serial's last 8 bytes) masked; the others as they are. */
  static String masked(List<String> diversifiers) {
    List<String> out = new ArrayList<>(diversifiers);
    out.set(0, PurseCodec.mask(out.get(0), 4, 4));
    return out.toString();
  }

  static List<String> checkDiversifiers(List<String> diversifiers) {
    if (diversifiers == null || diversifiers.isEmpty() || diversifiers.size() > 3) {
      throw new IllegalArgumentException("1 to 3 diversifiers required");
    }
    List<String> out = new ArrayList<>();
    for (String d : diversifiers) {
      out.add(PurseCodec.checkHex(d, 8, "diversifier"));
    }
    return Collections.unmodifiableList(out);
  }

  public CommandApdu toApdu() {
    int lc = FIXED_LENGTH + 8 * diversifiers.size();
    PurseCodec.Writer w = new PurseCodec.Writer(lc)
        .hex(pseudoRandom)
        .u16(offlineAtc)
        .uint(amount, 4)
        .u8(transactionType)
        .dateTime(dateTime)
        .u8(keyVersion)
        .u8(algorithmId);
    for (String d : diversifiers) {
      w.hex(d);
    }
    return new CommandApdu(0x80, 0x70, 0x00, 0x00, w.done(), InitSamForPurchaseResponse.LENGTH);
  }

  public static InitSamForPurchase parse(CommandApdu c) throws DecodeException {
    PurseCodec.header(c, 0x80, 0x70, NAME);
    int n = (c.nc() - FIXED_LENGTH) / 8;
    if (c.nc() < FIXED_LENGTH + 8 || c.nc() > FIXED_LENGTH + 24 || (c.nc() - FIXED_LENGTH) % 8 != 0) {
      throw new DecodeException(NAME + ": Lc " + c.nc() + " is not 14 + 8N (N = 1..3)", 4);
    }
    ByteReader r = PurseCodec.command(c, 0x80, 0x70, 0x00, 0x00, c.nc(), NAME);
    String random = PurseCodec.hex(r, 4, "pseudo-random number");
    int atc = r.u16("offline ATC");
    long amount = r.uint(4, "amount");
    int type = r.u8("transaction type");
    int at = r.offset();
    LocalDateTime time = PurseCodec.dateTime(r, "date and time");
    if (time == null) {
      throw new DecodeException(NAME + ": date and time unset", at);
    }
    int keyVersion = r.u8("key version");
    int algorithm = r.u8("algorithm id");
    List<String> div = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      div.add(PurseCodec.hex(r, 8, "diversifier " + (i + 1)));
    }
    PurseCodec.ne(c, InitSamForPurchaseResponse.LENGTH, NAME);
    return new InitSamForPurchase(random, atc, amount, type, time, keyVersion, algorithm, div);
  }
}

package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * INIT_SAM_FOR_DESCRYPT (通用DES计算初始化), sent to the PSAM: {@code 80 1A <key usage> <key version>
 * <Lc = 8N> <N diversifiers of 8 bytes>}; the PSAM derives a session key for the following
 * {@link DesCrypt}. It answers {@code 9000} with no data. For APPLICATION BLOCK, ProjectAfcApp
 * ({@code operat_Black}, {@code CpuCardSetMac2} in {@code PSAMLib.c}) sends {@code 80 1A 45 02 10
 * <card serial last 8 bytes> <issuer id 8>} — its code sets P2 {@code 02} while a comment beside the call
 * reads "801A450110"; {@link #forApplicationBlock} follows the code. Source: shared/vectors/transit-files.md
 * §3.3.
 *
 * @param keyUsage P1, 密钥用途
 * @param keyVersion P2, 密钥版本
 * @param diversifiers 1 to 3 key diversifiers, 16 hex digits each
 */
public record InitSamForDesCrypt(int keyUsage, int keyVersion, List<String> diversifiers) {
  static final String NAME = "INIT_SAM_FOR_DESCRYPT";
  /** P1 ProjectAfcApp sends before the APPLICATION BLOCK MAC. */
  public static final int APPLICATION_BLOCK_KEY_USAGE = 0x45;
  /** P2 ProjectAfcApp sends before the APPLICATION BLOCK MAC. */
  public static final int APPLICATION_BLOCK_KEY_VERSION = 0x02;

  public InitSamForDesCrypt {
    PurseCodec.checkUint(keyUsage, 1, "key usage");
    PurseCodec.checkUint(keyVersion, 1, "key version");
    diversifiers = InitSamForPurchase.checkDiversifiers(diversifiers);
  }

  /** The session-key set-up for the APPLICATION BLOCK MAC of {@code card}. */
  public static InitSamForDesCrypt forApplicationBlock(PublicInfo card) {
    return new InitSamForDesCrypt(APPLICATION_BLOCK_KEY_USAGE, APPLICATION_BLOCK_KEY_VERSION,
        Arrays.asList(card.serialLast8Bytes(), card.issuerId()));
  }

  /** The card-serial diversifier masked (first 4, last 4 digits). */
  @Override
  public String toString() {
    return "InitSamForDesCrypt[keyUsage=" + keyUsage + ", keyVersion=" + keyVersion + ", diversifiers="
        + InitSamForPurchase.masked(diversifiers) + "]";
  }

  public CommandApdu toApdu() {
    PurseCodec.Writer w = new PurseCodec.Writer(8 * diversifiers.size());
    for (String d : diversifiers) {
      w.hex(d);
    }
    return new CommandApdu(0x80, 0x1A, keyUsage, keyVersion, w.done());
  }

  public static InitSamForDesCrypt parse(CommandApdu c) throws DecodeException {
    PurseCodec.header(c, 0x80, 0x1A, NAME);
    if (c.nc() < 8 || c.nc() > 24 || c.nc() % 8 != 0) {
      throw new DecodeException(NAME + ": Lc " + c.nc() + " is not 8N (N = 1..3)", 4);
    }
    ByteReader r = PurseCodec.command(c, 0x80, 0x1A, c.p1(), c.p2(), c.nc(), NAME);
    List<String> div = new ArrayList<>();
    for (int i = 0; i < c.nc() / 8; i++) {
      div.add(PurseCodec.hex(r, 8, "diversifier " + (i + 1)));
    }
    PurseCodec.ne(c, 0, NAME);
    return new InitSamForDesCrypt(c.p1(), c.p2(), div);
  }
}

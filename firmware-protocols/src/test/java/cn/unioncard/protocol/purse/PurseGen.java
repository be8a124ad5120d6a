package cn.unioncard.protocol.purse;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random, valid values of the purse types for seeded property tests. */
final class PurseGen {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final String NAME_CHARS = "张王李赵刘陈杨黄明华伟芳娜秀英ABCXYZabcxyz0123456789 -·";
  private static final String ASCII_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789- ";

  private PurseGen() {}

  static String hex(Random rnd, int bytes) {
    StringBuilder sb = new StringBuilder(2 * bytes);
    for (int i = 0; i < 2 * bytes; i++) {
      sb.append(HEX[rnd.nextInt(16)]);
    }
    return sb.toString();
  }

  static String digits(Random rnd, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + rnd.nextInt(10)));
    }
    return sb.toString();
  }

  static long uint(Random rnd, int bytes) {
    long max = 1L << (8 * bytes);
    // Bias towards the edges: 0, max - 1, and small values.
    switch (rnd.nextInt(5)) {
      case 0:
        return 0;
      case 1:
        return max - 1;
      case 2:
        return rnd.nextInt(10_000) % max;
      default:
        return (rnd.nextLong() >>> 1) % max;
    }
  }

  static int u8(Random rnd) {
    return (int) uint(rnd, 1);
  }

  static int u16(Random rnd) {
    return (int) uint(rnd, 2);
  }

  static LocalDate date(Random rnd) {
    if (rnd.nextInt(6) == 0) {
      return null;
    }
    return LocalDate.of(1990 + rnd.nextInt(80), 1 + rnd.nextInt(12), 1).plusDays(rnd.nextInt(31));
  }

  static LocalDateTime dateTime(Random rnd) {
    return rnd.nextInt(6) == 0 ? null : requiredDateTime(rnd);
  }

  static LocalDateTime requiredDateTime(Random rnd) {
    return LocalDateTime.of(2000 + rnd.nextInt(60), 1 + rnd.nextInt(12), 1, rnd.nextInt(24),
        rnd.nextInt(60), rnd.nextInt(60)).plusDays(rnd.nextInt(31));
  }

  /** Text of at most {@code maxBytes} in {@code cs}, not ending in a space. */
  static String text(Random rnd, int maxBytes, Charset cs, boolean chinese) {
    String pool = chinese ? NAME_CHARS : ASCII_CHARS;
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(maxBytes + 1);
    for (int i = 0; i < n; i++) {
      char c = pool.charAt(rnd.nextInt(pool.length()));
      if (new StringBuilder(sb).append(c).toString().getBytes(cs).length > maxBytes) {
        break;
      }
      sb.append(c);
    }
    while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }

  static List<String> diversifiers(Random rnd) {
    List<String> d = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      d.add(hex(rnd, 8));
    }
    return d;
  }

  // ---------------------------------------------------------------- files

  static PublicInfo publicInfo(Random rnd) {
    return new PublicInfo(hex(rnd, 8), u8(rnd), u8(rnd), digits(rnd, 20), date(rnd), date(rnd), hex(rnd, 2));
  }

  static HolderInfo holderInfo(Random rnd) {
    return new HolderInfo(u8(rnd), u8(rnd), text(rnd, 20, PurseCodec.GBK, true),
        text(rnd, 32, PurseCodec.GBK, rnd.nextBoolean()), u8(rnd));
  }

  static ManagementInfo managementInfo(Random rnd) {
    return new ManagementInfo(hex(rnd, 4), hex(rnd, 2), hex(rnd, 2), u16(rnd), u8(rnd), hex(rnd, 49));
  }

  static PurseRecord purseRecord(Random rnd) {
    return new PurseRecord(u16(rnd), uint(rnd, 3), uint(rnd, 4), u8(rnd), digits(rnd, 12), dateTime(rnd));
  }

  static CappRecord.Endpoint endpoint(Random rnd) {
    return new CappRecord.Endpoint(hex(rnd, 2), hex(rnd, 8), u16(rnd), u16(rnd), u8(rnd),
        text(rnd, 8, PurseCodec.ASCII, false), digits(rnd, 16), dateTime(rnd));
  }

  static CappRecord cappRecord(Random rnd) {
    return new CappRecord(u16(rnd), u8(rnd), u8(rnd), u8(rnd), u8(rnd), digits(rnd, 16), u8(rnd),
        endpoint(rnd), uint(rnd, 4), u8(rnd), endpoint(rnd), uint(rnd, 4), u16(rnd), hex(rnd, 26));
  }

  static TripRecord tripRecord(Random rnd) {
    return new TripRecord(u8(rnd), digits(rnd, 16), u8(rnd), hex(rnd, 7), uint(rnd, 4), uint(rnd, 4),
        dateTime(rnd), hex(rnd, 2), hex(rnd, 8), hex(rnd, 6));
  }

  static PsamApplicationInfo psamApplicationInfo(Random rnd) {
    return new PsamApplicationInfo(u8(rnd), hex(rnd, 8), hex(rnd, 8), date(rnd), date(rnd));
  }

  // ---------------------------------------------------------------- commands and responses

  static InitializeForPurchase initializeForPurchase(Random rnd) {
    InitializeForPurchase.Kind kind = rnd.nextBoolean()
        ? InitializeForPurchase.Kind.PURCHASE : InitializeForPurchase.Kind.CAPP_PURCHASE;
    return new InitializeForPurchase(kind, u8(rnd), uint(rnd, 4), digits(rnd, 12));
  }

  static InitializeForPurchaseResponse initializeForPurchaseResponse(Random rnd) {
    return new InitializeForPurchaseResponse(uint(rnd, 4), u16(rnd), uint(rnd, 3), u8(rnd), u8(rnd), hex(rnd, 4));
  }

  static UpdateCappDataCache updateCappDataCache(Random rnd) {
    switch (rnd.nextInt(3)) {
      case 0:
        return UpdateCappDataCache.of(cappRecord(rnd));
      case 1:
        return UpdateCappDataCache.of(tripRecord(rnd));
      default:
        byte[] data = new byte[1 + rnd.nextInt(64)];
        rnd.nextBytes(data);
        return new UpdateCappDataCache(u8(rnd), 0x19, data);
    }
  }

  static DebitForPurchase debitForPurchase(Random rnd) {
    return new DebitForPurchase(uint(rnd, 4), requiredDateTime(rnd), hex(rnd, 4));
  }

  static GetTransactionProve getTransactionProve(Random rnd) {
    return new GetTransactionProve(rnd.nextBoolean()
        ? PurseTransactionType.PURCHASE : PurseTransactionType.COMPOUND_PURCHASE, u16(rnd));
  }

  static InitSamForPurchase initSamForPurchase(Random rnd) {
    return new InitSamForPurchase(hex(rnd, 4), u16(rnd), uint(rnd, 4), u8(rnd), requiredDateTime(rnd),
        u8(rnd), u8(rnd), diversifiers(rnd));
  }

  static InitSamForDesCrypt initSamForDesCrypt(Random rnd) {
    return new InitSamForDesCrypt(u8(rnd), u8(rnd), diversifiers(rnd));
  }

  static DesCrypt desCrypt(Random rnd) {
    return new DesCrypt(u8(rnd), hex(rnd, 1 + rnd.nextInt(255)));
  }

  static DesCryptResponse desCryptResponse(Random rnd) {
    return new DesCryptResponse(hex(rnd, rnd.nextBoolean() ? 4 : 8 * (1 + rnd.nextInt(31))));
  }
}

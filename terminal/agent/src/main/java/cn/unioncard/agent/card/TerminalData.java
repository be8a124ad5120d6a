package cn.unioncard.agent.card;

import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.tlv.Tag;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The terminal's side of a card conversation: the values cards ask for in their PDOL, CDOL and DDOL (EMV Book 3
 * Annex A, terminal data elements). Made fresh for each transaction: the date and time come from the clock, the
 * unpredictable number from the random source, both injectable so tests and replays are repeatable.
 */
public final class TerminalData {
  /** ISO 3166-1 numeric code of China. */
  public static final int COUNTRY_CN = 156;
  /** ISO 4217 numeric code of the yuan (CNY). */
  public static final int CURRENCY_CNY = 156;
  /**
   * Terminal transaction qualifiers (9F66) for a qPBOC purchase: qPBOC supported, online PIN and signature
   * supported (the UnionPay demo default {@code A6000000}, shared/vectors/card-captures.md §2.1 step 4).
   */
  public static final String DEFAULT_TTQ = "A6000000";

  private final Clock clock;
  private final Random random;
  private final byte[] ttq;

  public TerminalData(Clock clock, Random random, byte[] ttq) {
    this.clock = clock;
    this.random = random;
    this.ttq = ttq.clone();
  }

  /** The terminal's defaults: system clock, a secure random source, the default TTQ. */
  public static TerminalData defaults() {
    return new TerminalData(Clock.systemDefaultZone(), new SecureRandom(), Hex.of(DEFAULT_TTQ));
  }

  /**
   * The data for one transaction of {@code amountFen} (0 for a read that buys nothing), with transaction type
   * {@code 00} (goods and services). The map answers the DOL builder by tag.
   */
  public Map<Tag, byte[]> forTransaction(long amountFen) {
    LocalDateTime now = LocalDateTime.now(clock);
    byte[] un = new byte[4];
    random.nextBytes(un);
    Map<Tag, byte[]> m = new HashMap<>();
    m.put(Tag.of(0x9F66), ttq.clone()); // terminal transaction qualifiers
    m.put(Tag.of(0x9F02), Bcd.encode(amountFen, 6)); // amount, authorised (n12, fen)
    m.put(Tag.of(0x9F03), Bcd.encode(0, 6)); // amount, other
    m.put(Tag.of(0x9F1A), Bcd.encode(COUNTRY_CN, 2)); // terminal country code
    m.put(Tag.of(0x5F2A), Bcd.encode(CURRENCY_CNY, 2)); // transaction currency code
    m.put(Tag.of(0x95), new byte[5]); // terminal verification results
    m.put(Tag.of(0x9A), Bcd.encode(now.getYear() % 100 * 10000L + now.getMonthValue() * 100L + now.getDayOfMonth(), 3));
    m.put(Tag.of(0x9F21), Bcd.encode(now.getHour() * 10000L + now.getMinute() * 100L + now.getSecond(), 3));
    m.put(Tag.of(0x9C), new byte[] {0x00}); // transaction type: goods and services
    m.put(Tag.of(0x9F37), un); // unpredictable number
    m.put(Tag.of(0xDF60), new byte[] {0x00}); // PBOC extended application indicator: not used
    m.put(Tag.of(0xDF69), new byte[] {0x00}); // SM algorithm support: not requested
    m.put(Tag.of(0x9F35), new byte[] {0x22}); // terminal type: attended, offline with online capability
    return m;
  }
}

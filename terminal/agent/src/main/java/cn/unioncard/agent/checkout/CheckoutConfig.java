package cn.unioncard.agent.checkout;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A checkout terminal's settings.
 *
 * @param merchantId the merchant, as the bank and the discount rules know it
 * @param merchantGroups the merchant's groups (discount rules may name a group)
 * @param noPinLimitFen the largest amount paid without a PIN (UnionPay's quick-pass model); above it an online PIN
 * @param cardTimeoutMillis how long a SALE or BALANCE waits for the card
 * @param pinTimeoutSeconds how long the PIN pad waits for the PIN (1-255)
 * @param memberCacheTtl how long a member look-up (or a "not a member") is used without asking the bank again, and
 *     the longest a checkout uses it when the bank cannot be asked
 * @param zone the merchant's time zone: business dates, day and month of the per-member limits
 * @param offline the offline risk limits
 */
public record CheckoutConfig(
    String merchantId,
    Set<String> merchantGroups,
    long noPinLimitFen,
    long cardTimeoutMillis,
    int pinTimeoutSeconds,
    Duration memberCacheTtl,
    ZoneId zone,
    OfflineLimits offline) {

  /** 1,000.00 yuan: the no-PIN limit by default (UnionPay's quick-pass limit since 2021). */
  public static final long DEFAULT_NO_PIN_LIMIT_FEN = 100_000;

  public CheckoutConfig {
    Objects.requireNonNull(merchantId, "merchantId");
    merchantGroups = Collections.unmodifiableSet(new LinkedHashSet<>(merchantGroups));
    if (noPinLimitFen < 0 || cardTimeoutMillis <= 0 || pinTimeoutSeconds < 1 || pinTimeoutSeconds > 255) {
      throw new IllegalArgumentException("no-PIN limit >= 0, card timeout > 0, PIN timeout 1..255 s");
    }
    Objects.requireNonNull(memberCacheTtl, "memberCacheTtl");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(offline, "offline");
  }

  /** The defaults for a merchant: 1,000.00 yuan without PIN, 30 s for the card, 60 s for the PIN, members a day. */
  public static CheckoutConfig of(String merchantId) {
    return new CheckoutConfig(merchantId, Collections.<String>emptySet(), DEFAULT_NO_PIN_LIMIT_FEN, 30_000, 60,
        Duration.ofDays(1), ZoneId.of("Asia/Shanghai"), OfflineLimits.defaults());
  }

  public CheckoutConfig withOffline(OfflineLimits limits) {
    return new CheckoutConfig(merchantId, merchantGroups, noPinLimitFen, cardTimeoutMillis, pinTimeoutSeconds,
        memberCacheTtl, zone, limits);
  }

  public CheckoutConfig withNoPinLimit(long fen) {
    return new CheckoutConfig(merchantId, merchantGroups, fen, cardTimeoutMillis, pinTimeoutSeconds, memberCacheTtl,
        zone, offline);
  }

  public CheckoutConfig withTimeouts(long cardMillis, int pinSeconds) {
    return new CheckoutConfig(merchantId, merchantGroups, noPinLimitFen, cardMillis, pinSeconds, memberCacheTtl,
        zone, offline);
  }
}

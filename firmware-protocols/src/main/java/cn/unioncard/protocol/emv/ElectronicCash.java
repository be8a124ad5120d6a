package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The UnionPay electronic cash (电子现金) data objects a terminal reads with GET DATA to show a balance or apply
 * risk management (JR/T 0025.13; tag list as in shared/vectors/card-captures.md §2.1 step 8): {@code 9F79} EC
 * balance, {@code 9F77} EC balance limit, {@code 9F78} EC single transaction limit, {@code 9F5D} available offline
 * spending amount (all n12, minor units: fen for CNY), {@code 9F13} last online ATC, {@code 9F36} ATC (b2) and
 * {@code 9F51} application currency code (n3).
 *
 * <p>Built from whatever GET DATA answers the terminal collected; each accessor returns null when its object was
 * not read and fails alone with {@link DecodeException} when it is malformed.
 */
public final class ElectronicCash {
  /** The tags to ask for with GET DATA, in a sensible order. */
  public static final List<Tag> GET_DATA_TAGS =
      Collections.unmodifiableList(
          Arrays.asList(
              EmvTags.EC_BALANCE,
              EmvTags.EC_BALANCE_LIMIT,
              EmvTags.EC_SINGLE_TRANSACTION_LIMIT,
              EmvTags.AVAILABLE_OFFLINE_SPENDING_AMOUNT,
              EmvTags.LAST_ONLINE_ATC,
              EmvTags.ATC,
              EmvTags.APPLICATION_CURRENCY_CODE_PBOC));

  private final Map<Tag, byte[]> values;

  private ElectronicCash(Map<Tag, byte[]> values) {
    this.values = values;
  }

  /** From GET DATA answers ({@link EmvCommands#getDataResponse}); a later object of the same tag wins. */
  public static ElectronicCash of(Collection<Tlv> objects) {
    Map<Tag, byte[]> m = new LinkedHashMap<>();
    for (Tlv t : objects) {
      m.put(t.tag(), t.value());
    }
    return new ElectronicCash(m);
  }

  /** {@code 9F79} EC balance. */
  public Long balance() throws DecodeException {
    return amount(EmvTags.EC_BALANCE);
  }

  /** {@code 9F77} EC balance limit. */
  public Long balanceLimit() throws DecodeException {
    return amount(EmvTags.EC_BALANCE_LIMIT);
  }

  /** {@code 9F78} EC single transaction limit. */
  public Long singleTransactionLimit() throws DecodeException {
    return amount(EmvTags.EC_SINGLE_TRANSACTION_LIMIT);
  }

  /** {@code 9F5D} available offline spending amount. */
  public Long availableOfflineSpendingAmount() throws DecodeException {
    return amount(EmvTags.AVAILABLE_OFFLINE_SPENDING_AMOUNT);
  }

  /** {@code 9F13} last online ATC register. */
  public Integer lastOnlineAtc() throws DecodeException {
    return counter(EmvTags.LAST_ONLINE_ATC);
  }

  /** {@code 9F36} ATC. */
  public Integer atc() throws DecodeException {
    return counter(EmvTags.ATC);
  }

  /** {@code 9F51} application currency code. */
  public CurrencyCode currency() throws DecodeException {
    byte[] v = values.get(EmvTags.APPLICATION_CURRENCY_CODE_PBOC);
    return v == null
        ? null
        : Decoding.inTag(EmvTags.APPLICATION_CURRENCY_CODE_PBOC, () -> CurrencyCode.decode(v));
  }

  private Long amount(Tag tag) throws DecodeException {
    byte[] v = values.get(tag);
    return v == null ? null : Decoding.inTag(tag, () -> EmvValues.amount(v));
  }

  private Integer counter(Tag tag) throws DecodeException {
    byte[] v = values.get(tag);
    return v == null ? null : Decoding.inTag(tag, () -> EmvValues.counter(v));
  }
}

package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.Tag;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;

/**
 * One record of the transaction log (EMV Book 3 Annex D; JR/T 0025): read with READ RECORD from the
 * SFI in the Log Entry {@code 9F4D}, it is not TLV but the concatenation of the values the Log Format
 * {@code 9F4F} lists (a DOL). The same layout serves the electronic-cash load log ({@code DF4D} / {@code DF4F}).
 *
 * <p>Typed accessors return null when the log format does not list the tag and fail alone with a
 * {@link DecodeException} when the value is malformed (for example an amount not 6 bytes long). Tags without an
 * accessor are kept raw in {@link #fields()}. The log format itself comes from GET DATA {@code 9F4F}:
 * {@code Dol.parse(EmvCommands.getDataResponse(EmvTags.LOG_FORMAT, data).value())}.
 */
public final class TransactionLogEntry {
  private final List<Dol.Field> fields;

  private TransactionLogEntry(List<Dol.Field> fields) {
    this.fields = fields;
  }

  /** Decodes a log record (READ RECORD response data) by its log format. */
  public static TransactionLogEntry decode(Dol logFormat, byte[] record) throws DecodeException {
    return new TransactionLogEntry(logFormat.split(record));
  }

  /** Every value in log-format order. */
  public List<Dol.Field> fields() {
    return fields;
  }

  /** The raw value of the first field with {@code tag}, or null. */
  public byte[] value(Tag tag) {
    for (Dol.Field f : fields) {
      if (f.tag().equals(tag)) {
        return f.value();
      }
    }
    return null;
  }

  /** {@code 9A} transaction date. */
  public LocalDate date() throws DecodeException {
    byte[] v = value(EmvTags.TRANSACTION_DATE);
    return v == null ? null : Decoding.inTag(EmvTags.TRANSACTION_DATE, () -> EmvValues.transactionDate(v));
  }

  /** {@code 9F21} transaction time. */
  public LocalTime time() throws DecodeException {
    byte[] v = value(EmvTags.TRANSACTION_TIME);
    return v == null ? null : Decoding.inTag(EmvTags.TRANSACTION_TIME, () -> EmvValues.transactionTime(v));
  }

  /** {@code 9F02} amount, authorised (minor units). */
  public Long amount() throws DecodeException {
    return amount(EmvTags.AMOUNT_AUTHORISED);
  }

  /** {@code 9F03} amount, other (minor units). */
  public Long otherAmount() throws DecodeException {
    return amount(EmvTags.AMOUNT_OTHER);
  }

  /** {@code 9F1A} terminal country code. */
  public CountryCode country() throws DecodeException {
    byte[] v = value(EmvTags.TERMINAL_COUNTRY_CODE);
    return v == null ? null : Decoding.inTag(EmvTags.TERMINAL_COUNTRY_CODE, () -> CountryCode.decode(v));
  }

  /** {@code 5F2A} transaction currency code. */
  public CurrencyCode currency() throws DecodeException {
    byte[] v = value(EmvTags.TRANSACTION_CURRENCY_CODE);
    return v == null ? null : Decoding.inTag(EmvTags.TRANSACTION_CURRENCY_CODE, () -> CurrencyCode.decode(v));
  }

  /**
   * {@code 9F4E} merchant name and location: ASCII, or GBK when not ASCII; trailing spaces and trailing
   * {@code 00} filler (a log field is fixed-length) removed.
   */
  public String merchantName() throws DecodeException {
    byte[] v = value(EmvTags.MERCHANT_NAME_AND_LOCATION);
    if (v == null) {
      return null;
    }
    int end = v.length;
    while (end > 0 && v[end - 1] == 0) {
      end--;
    }
    byte[] text = Arrays.copyOf(v, end);
    return Decoding.inTag(
        EmvTags.MERCHANT_NAME_AND_LOCATION,
        () -> Texts.trimTrailingSpaces(Texts.asciiOrGbk(text, "merchant name")));
  }

  /** {@code 9C} transaction type (n2, the first two digits of the ISO 8583 processing code: 00 purchase). */
  public Integer transactionType() throws DecodeException {
    byte[] v = value(EmvTags.TRANSACTION_TYPE);
    return v == null
        ? null
        : Decoding.inTag(EmvTags.TRANSACTION_TYPE, () -> (int) EmvValues.numeric(v, "transaction type"));
  }

  /** {@code 9F36} application transaction counter. */
  public Integer atc() throws DecodeException {
    byte[] v = value(EmvTags.ATC);
    return v == null ? null : Decoding.inTag(EmvTags.ATC, () -> EmvValues.counter(v));
  }

  private Long amount(Tag tag) throws DecodeException {
    byte[] v = value(tag);
    return v == null ? null : Decoding.inTag(tag, () -> EmvValues.amount(v));
  }

  @Override
  public String toString() {
    return "TransactionLogEntry" + fields;
  }
}

package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;

/**
 * The Application Priority Indicator ({@code 87}, b 1; EMV Book 1 clause 12.2.3): b8 set means the
 * application cannot be selected without the cardholder's confirmation; b7-b5 RFU; b4-b1 the priority, 1 the
 * highest and 15 the lowest, 0 no priority assigned.
 */
public record ApplicationPriority(int value) {
  public ApplicationPriority {
    if ((value & ~0xFF) != 0) {
      throw new IllegalArgumentException("priority indicator out of range: " + value);
    }
  }

  /** Decodes the 1-byte value of {@code 87}. */
  public static ApplicationPriority decode(byte[] value) throws DecodeException {
    if (value.length != 1) {
      throw new DecodeException(
          "application priority indicator: length " + value.length + ", expected 1", 0, "87");
    }
    return new ApplicationPriority(value[0] & 0xFF);
  }

  /** b4-b1: 1 (highest) to 15 (lowest), or 0 when no priority is assigned. */
  public int priority() {
    return value & 0x0F;
  }

  /** b8: the cardholder must confirm before this application is selected. */
  public boolean confirmationRequired() {
    return (value & 0x80) != 0;
  }
}

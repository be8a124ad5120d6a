package cn.unioncard.protocol.ecr;

/** The field tags of the message set (docs/ecr-protocol.md §9.3): one table for messages, one per group. */
final class FieldTags {
  private FieldTags() {}

  // In a message.
  static final int REFERENCE = 0x01;
  static final int AMOUNT = 0x02;
  static final int ITEM = 0x03;
  static final int DEBIT_ONLY = 0x04;
  static final int ORIGINAL_REFERENCE = 0x05;
  static final int TRANSACTION_ID = 0x06;
  static final int STAGE = 0x07;
  static final int DISPLAY_TEXT = 0x08;
  static final int REQUEST_TYPE = 0x09;
  static final int OUTCOME = 0x0A;
  static final int REASON_CODE = 0x0B;
  static final int REASON_TEXT = 0x0C;
  static final int CHARGE = 0x0D;
  static final int DISCOUNT = 0x0E;
  static final int RECEIPT_LINE = 0x0F;
  static final int BALANCE = 0x10;
  static final int DAY_TOTAL = 0x11;
  static final int TERMINAL_STATE = 0x12;
  static final int PAN_DIGITS = 0x13;
  static final int PIN_KEY_ALGORITHM = 0x14;
  static final int PIN_TIMEOUT = 0x15;
  static final int PIN_STATUS = 0x16;
  static final int PIN_BLOCK = 0x17;

  // In an ITEM group.
  static final int ITEM_CODE = 0x01;
  static final int ITEM_NAME = 0x02;
  static final int ITEM_CATEGORY = 0x03;
  static final int ITEM_QUANTITY = 0x04;
  static final int ITEM_UNIT_PRICE = 0x05;
  static final int ITEM_LINE_AMOUNT = 0x06;

  // In a CHARGE or BALANCE group.
  static final int ACCOUNT = 0x01;
  static final int ACCOUNT_AMOUNT = 0x02;

  // In a DISCOUNT group.
  static final int DISCOUNT_RULE = 0x01;
  static final int DISCOUNT_DESCRIPTION = 0x02;
  static final int DISCOUNT_AMOUNT = 0x03;
  static final int DISCOUNT_FUNDING = 0x04;

  // In a DAY_TOTAL group.
  static final int TOTAL_TYPE = 0x01;
  static final int TOTAL_ACCOUNT = 0x02;
  static final int TOTAL_COUNT = 0x03;
  static final int TOTAL_AMOUNT = 0x04;
}

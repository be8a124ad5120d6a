package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data dictionary a terminal needs for the EMV / PBOC debit application: each tag's name, data format and
 * length range in bytes, as EMV Book 3 Annex A1 and JR/T 0025 (PBOC 3.0; part 12 Annex C for qPBOC) give
 * them, plus the PBOC proprietary tags ({@code DFxx}, electronic cash {@code 9F77}-{@code 9F79}). Where a
 * tag means something else under another specification (for example {@code 9F0C}, {@code 9F6E}) the name says
 * so. "var." lengths are given as 0 up to the largest value the standards allow (252 for templates and lists).
 */
public final class EmvTags {
  // Templates (EMV Book 1 Annex B, Book 3 Annex A1)
  public static final Tag APPLICATION_TEMPLATE = Tag.of(0x61);
  public static final Tag FCI_TEMPLATE = Tag.of(0x6F);
  public static final Tag RECORD_TEMPLATE = Tag.of(0x70);
  public static final Tag DIRECTORY_DISCRETIONARY_TEMPLATE = Tag.of(0x73);
  public static final Tag RESPONSE_FORMAT_2 = Tag.of(0x77);
  public static final Tag RESPONSE_FORMAT_1 = Tag.of(0x80);
  public static final Tag COMMAND_TEMPLATE = Tag.of(0x83);
  public static final Tag FCI_PROPRIETARY_TEMPLATE = Tag.of(0xA5);
  public static final Tag FCI_ISSUER_DISCRETIONARY_DATA = Tag.of(0xBF0C);

  // Application selection
  public static final Tag AID = Tag.of(0x4F);
  public static final Tag APPLICATION_LABEL = Tag.of(0x50);
  public static final Tag DF_NAME = Tag.of(0x84);
  public static final Tag APPLICATION_PRIORITY_INDICATOR = Tag.of(0x87);
  public static final Tag SFI = Tag.of(0x88);
  public static final Tag DDF_NAME = Tag.of(0x9D);
  public static final Tag LANGUAGE_PREFERENCE = Tag.of(0x5F2D);
  public static final Tag ISSUER_URL = Tag.of(0x5F50);
  public static final Tag ISSUER_CODE_TABLE_INDEX = Tag.of(0x9F11);
  public static final Tag APPLICATION_PREFERRED_NAME = Tag.of(0x9F12);
  public static final Tag PDOL = Tag.of(0x9F38);
  public static final Tag FCI_ISSUER_DATA = Tag.of(0x9F0C);
  public static final Tag LOG_ENTRY = Tag.of(0x9F4D);
  public static final Tag LOAD_LOG_ENTRY = Tag.of(0xDF4D);

  // Card data
  public static final Tag TRACK2 = Tag.of(0x57);
  public static final Tag PAN = Tag.of(0x5A);
  public static final Tag CARDHOLDER_NAME = Tag.of(0x5F20);
  public static final Tag CARDHOLDER_NAME_EXTENDED = Tag.of(0x9F0B);
  public static final Tag EXPIRY_DATE = Tag.of(0x5F24);
  public static final Tag EFFECTIVE_DATE = Tag.of(0x5F25);
  public static final Tag ISSUER_COUNTRY_CODE = Tag.of(0x5F28);
  public static final Tag SERVICE_CODE = Tag.of(0x5F30);
  public static final Tag PAN_SEQUENCE_NUMBER = Tag.of(0x5F34);
  public static final Tag AIP = Tag.of(0x82);
  public static final Tag AFL = Tag.of(0x94);
  public static final Tag CDOL1 = Tag.of(0x8C);
  public static final Tag CDOL2 = Tag.of(0x8D);
  public static final Tag CVM_LIST = Tag.of(0x8E);
  public static final Tag CA_PUBLIC_KEY_INDEX = Tag.of(0x8F);
  public static final Tag ISSUER_PUBLIC_KEY_CERTIFICATE = Tag.of(0x90);
  public static final Tag ISSUER_PUBLIC_KEY_REMAINDER = Tag.of(0x92);
  public static final Tag SIGNED_STATIC_APPLICATION_DATA = Tag.of(0x93);
  public static final Tag ISSUER_PUBLIC_KEY_EXPONENT = Tag.of(0x9F32);
  public static final Tag ICC_PUBLIC_KEY_CERTIFICATE = Tag.of(0x9F46);
  public static final Tag ICC_PUBLIC_KEY_EXPONENT = Tag.of(0x9F47);
  public static final Tag ICC_PUBLIC_KEY_REMAINDER = Tag.of(0x9F48);
  public static final Tag DDOL = Tag.of(0x9F49);
  public static final Tag SDA_TAG_LIST = Tag.of(0x9F4A);
  public static final Tag SIGNED_DYNAMIC_APPLICATION_DATA = Tag.of(0x9F4B);
  public static final Tag ICC_DYNAMIC_NUMBER = Tag.of(0x9F4C);
  public static final Tag DATA_AUTHENTICATION_CODE = Tag.of(0x9F45);
  public static final Tag APPLICATION_VERSION_NUMBER = Tag.of(0x9F08);
  public static final Tag LOG_FORMAT = Tag.of(0x9F4F);
  public static final Tag LOAD_LOG_FORMAT = Tag.of(0xDF4F);

  // Cryptogram and counters
  public static final Tag ISSUER_APPLICATION_DATA = Tag.of(0x9F10);
  public static final Tag LAST_ONLINE_ATC = Tag.of(0x9F13);
  public static final Tag APPLICATION_CRYPTOGRAM = Tag.of(0x9F26);
  public static final Tag CID = Tag.of(0x9F27);
  public static final Tag ATC = Tag.of(0x9F36);
  public static final Tag CARD_TRANSACTION_QUALIFIERS = Tag.of(0x9F6C);

  // Electronic cash (JR/T 0025.13, .12)
  public static final Tag EC_BALANCE = Tag.of(0x9F79);
  public static final Tag EC_BALANCE_LIMIT = Tag.of(0x9F77);
  public static final Tag EC_SINGLE_TRANSACTION_LIMIT = Tag.of(0x9F78);
  public static final Tag AVAILABLE_OFFLINE_SPENDING_AMOUNT = Tag.of(0x9F5D);
  public static final Tag APPLICATION_CURRENCY_CODE_PBOC = Tag.of(0x9F51);

  // Terminal data
  public static final Tag AMOUNT_AUTHORISED = Tag.of(0x9F02);
  public static final Tag AMOUNT_OTHER = Tag.of(0x9F03);
  public static final Tag TERMINAL_COUNTRY_CODE = Tag.of(0x9F1A);
  public static final Tag TVR = Tag.of(0x95);
  public static final Tag TRANSACTION_CURRENCY_CODE = Tag.of(0x5F2A);
  public static final Tag TRANSACTION_DATE = Tag.of(0x9A);
  public static final Tag TRANSACTION_TIME = Tag.of(0x9F21);
  public static final Tag TRANSACTION_TYPE = Tag.of(0x9C);
  public static final Tag UNPREDICTABLE_NUMBER = Tag.of(0x9F37);
  public static final Tag TERMINAL_TYPE = Tag.of(0x9F35);
  public static final Tag TERMINAL_CAPABILITIES = Tag.of(0x9F33);
  public static final Tag ADDITIONAL_TERMINAL_CAPABILITIES = Tag.of(0x9F40);
  public static final Tag MERCHANT_NAME_AND_LOCATION = Tag.of(0x9F4E);
  public static final Tag TERMINAL_TRANSACTION_QUALIFIERS = Tag.of(0x9F66);
  public static final Tag CAPP_TRANSACTION_INDICATOR = Tag.of(0xDF60);
  public static final Tag SM_ALGORITHM_SUPPORT_INDICATOR = Tag.of(0xDF69);

  /** One entry of the dictionary. Lengths are in bytes, both ends included. */
  public record Definition(Tag tag, String name, DataFormat format, int minLength, int maxLength) {
    /** Whether {@code length} bytes is a length this data object may have. */
    public boolean allows(int length) {
      return length >= minLength && length <= maxLength;
    }
  }

  private static final int VAR = 252;
  private static final Map<Tag, Definition> DICTIONARY = new LinkedHashMap<>();

  static {
    // Templates and selection data: EMV Book 1 Annex B and Book 3 Annex A1.
    d(0x42, "Issuer Identification Number (IIN)", DataFormat.N, 3, 3);
    d(0x4F, "Application Identifier (AID) - card", DataFormat.B, 5, 16);
    d(0x50, "Application Label", DataFormat.ANS, 1, 16);
    d(0x57, "Track 2 Equivalent Data", DataFormat.B, 1, 19);
    d(0x5A, "Application Primary Account Number (PAN)", DataFormat.CN, 1, 10);
    d(0x5F20, "Cardholder Name", DataFormat.ANS, 2, 26);
    d(0x5F24, "Application Expiration Date", DataFormat.N, 3, 3);
    d(0x5F25, "Application Effective Date", DataFormat.N, 3, 3);
    d(0x5F28, "Issuer Country Code", DataFormat.N, 2, 2);
    d(0x5F2A, "Transaction Currency Code", DataFormat.N, 2, 2);
    d(0x5F2D, "Language Preference", DataFormat.AN, 2, 8);
    d(0x5F30, "Service Code", DataFormat.N, 2, 2);
    d(0x5F34, "Application PAN Sequence Number", DataFormat.N, 1, 1);
    d(0x5F36, "Transaction Currency Exponent", DataFormat.N, 1, 1);
    d(0x5F50, "Issuer URL", DataFormat.ANS, 1, VAR);
    d(0x61, "Application Template", DataFormat.B, 0, VAR);
    d(0x6F, "File Control Information (FCI) Template", DataFormat.B, 0, VAR);
    d(0x70, "READ RECORD Response Message Template", DataFormat.B, 0, VAR);
    d(0x73, "Directory Discretionary Template", DataFormat.B, 0, VAR);
    d(0x77, "Response Message Template Format 2", DataFormat.B, 0, 256);
    d(0x80, "Response Message Template Format 1", DataFormat.B, 0, 256);
    d(0x82, "Application Interchange Profile (AIP)", DataFormat.B, 2, 2);
    d(0x83, "Command Template", DataFormat.B, 0, VAR);
    d(0x84, "Dedicated File (DF) Name", DataFormat.B, 5, 16);
    d(0x87, "Application Priority Indicator", DataFormat.B, 1, 1);
    d(0x88, "Short File Identifier (SFI)", DataFormat.B, 1, 1);
    d(0x8A, "Authorisation Response Code", DataFormat.AN, 2, 2);
    d(0x8C, "Card Risk Management Data Object List 1 (CDOL1)", DataFormat.B, 0, VAR);
    d(0x8D, "Card Risk Management Data Object List 2 (CDOL2)", DataFormat.B, 0, VAR);
    d(0x8E, "Cardholder Verification Method (CVM) List", DataFormat.B, 10, VAR);
    d(0x8F, "Certification Authority Public Key Index", DataFormat.B, 1, 1);
    d(0x90, "Issuer Public Key Certificate", DataFormat.B, 1, 248);
    d(0x92, "Issuer Public Key Remainder", DataFormat.B, 0, VAR);
    d(0x93, "Signed Static Application Data", DataFormat.B, 1, 248);
    d(0x94, "Application File Locator (AFL)", DataFormat.B, 0, VAR);
    d(0x95, "Terminal Verification Results", DataFormat.B, 5, 5);
    d(0x97, "Transaction Certificate Data Object List (TDOL)", DataFormat.B, 0, VAR);
    d(0x9A, "Transaction Date", DataFormat.N, 3, 3);
    d(0x9B, "Transaction Status Information", DataFormat.B, 2, 2);
    d(0x9C, "Transaction Type", DataFormat.N, 1, 1);
    d(0x9D, "Directory Definition File (DDF) Name", DataFormat.B, 5, 16);
    d(0x9F02, "Amount, Authorised (Numeric)", DataFormat.N, 6, 6);
    d(0x9F03, "Amount, Other (Numeric)", DataFormat.N, 6, 6);
    d(0x9F06, "Application Identifier (AID) - terminal", DataFormat.B, 5, 16);
    d(0x9F07, "Application Usage Control", DataFormat.B, 2, 2);
    d(0x9F08, "Application Version Number (card)", DataFormat.B, 2, 2);
    d(0x9F09, "Application Version Number (terminal)", DataFormat.B, 2, 2);
    d(0x9F0B, "Cardholder Name Extended", DataFormat.ANS, 27, 45);
    // PBOC e-purse FCI (JR/T 0025 / JT/T 978: the content of EF 0015); EMV 4.3 uses 9F0C for IINE (n 6 or 8).
    d(0x9F0C, "FCI Issuer Discretionary Data (PBOC purse) / Issuer Identification Number Extended (EMV)",
        DataFormat.B, 1, VAR);
    d(0x9F0D, "Issuer Action Code - Default", DataFormat.B, 5, 5);
    d(0x9F0E, "Issuer Action Code - Denial", DataFormat.B, 5, 5);
    d(0x9F0F, "Issuer Action Code - Online", DataFormat.B, 5, 5);
    d(0x9F10, "Issuer Application Data", DataFormat.B, 1, 32);
    d(0x9F11, "Issuer Code Table Index", DataFormat.N, 1, 1);
    d(0x9F12, "Application Preferred Name", DataFormat.ANS, 1, 16);
    d(0x9F13, "Last Online Application Transaction Counter (ATC) Register", DataFormat.B, 2, 2);
    d(0x9F14, "Lower Consecutive Offline Limit", DataFormat.B, 1, 1);
    d(0x9F17, "Personal Identification Number (PIN) Try Counter", DataFormat.B, 1, 1);
    d(0x9F1A, "Terminal Country Code", DataFormat.N, 2, 2);
    d(0x9F21, "Transaction Time", DataFormat.N, 3, 3);
    d(0x9F23, "Upper Consecutive Offline Limit", DataFormat.B, 1, 1);
    d(0x9F26, "Application Cryptogram", DataFormat.B, 8, 8);
    d(0x9F27, "Cryptogram Information Data", DataFormat.B, 1, 1);
    d(0x9F32, "Issuer Public Key Exponent", DataFormat.B, 1, 3);
    d(0x9F33, "Terminal Capabilities", DataFormat.B, 3, 3);
    d(0x9F34, "Cardholder Verification Method (CVM) Results", DataFormat.B, 3, 3);
    d(0x9F35, "Terminal Type", DataFormat.N, 1, 1);
    d(0x9F36, "Application Transaction Counter (ATC)", DataFormat.B, 2, 2);
    d(0x9F37, "Unpredictable Number", DataFormat.B, 4, 4);
    d(0x9F38, "Processing Options Data Object List (PDOL)", DataFormat.B, 0, VAR);
    d(0x9F39, "Point-of-Service (POS) Entry Mode", DataFormat.N, 1, 1);
    d(0x9F40, "Additional Terminal Capabilities", DataFormat.B, 5, 5);
    d(0x9F41, "Transaction Sequence Counter", DataFormat.N, 2, 4);
    d(0x9F42, "Application Currency Code", DataFormat.N, 2, 2);
    d(0x9F44, "Application Currency Exponent", DataFormat.N, 1, 1);
    d(0x9F45, "Data Authentication Code", DataFormat.B, 2, 2);
    d(0x9F46, "ICC Public Key Certificate", DataFormat.B, 1, 248);
    d(0x9F47, "ICC Public Key Exponent", DataFormat.B, 1, 3);
    d(0x9F48, "ICC Public Key Remainder", DataFormat.B, 0, VAR);
    d(0x9F49, "Dynamic Data Authentication Data Object List (DDOL)", DataFormat.B, 0, VAR);
    d(0x9F4A, "Static Data Authentication Tag List", DataFormat.B, 0, VAR);
    d(0x9F4B, "Signed Dynamic Application Data", DataFormat.B, 1, 248);
    d(0x9F4C, "ICC Dynamic Number", DataFormat.B, 2, 8);
    d(0x9F4D, "Log Entry", DataFormat.B, 2, 2);
    d(0x9F4E, "Merchant Name and Location", DataFormat.ANS, 1, VAR);
    d(0x9F4F, "Log Format", DataFormat.B, 0, VAR);
    // PBOC (JR/T 0025; names as PBOC terminal tag tables give them): debit/credit and EC application data.
    d(0x9F51, "Application Currency Code (PBOC)", DataFormat.N, 2, 2);
    d(0x9F55, "Issuer proprietary data (scheme-defined)", DataFormat.B, 1, VAR);
    d(0x9F56, "Issuer Authentication Indicator (PBOC) / Issuer Proprietary Bitmap (CAP)",
        DataFormat.B, 1, VAR);
    d(0x9F5D, "Available Offline Spending Amount", DataFormat.N, 6, 6);
    d(0x9F63, "Card Product Identification Information (PBOC)", DataFormat.B, 16, 16);
    d(0x9F66, "Terminal Transaction Qualifiers (TTQ)", DataFormat.B, 4, 4);
    d(0x9F6C, "Card Transaction Qualifiers (CTQ)", DataFormat.B, 2, 2);
    d(0x9F6D, "EC Reset Threshold", DataFormat.N, 6, 6);
    d(0x9F6E, "Form Factor Indicator (qVSDC) / Third Party Data (Kernel 2)", DataFormat.B, 4, 32);
    d(0x9F74, "EC Issuer Authorisation Code", DataFormat.AN, 6, 6);
    d(0x9F77, "EC Balance Limit", DataFormat.N, 6, 6);
    d(0x9F78, "EC Single Transaction Limit", DataFormat.N, 6, 6);
    d(0x9F79, "EC Balance", DataFormat.N, 6, 6);
    d(0x9F7A, "EC Terminal Support Indicator", DataFormat.B, 1, 1);
    d(0x9F7B, "EC Terminal Transaction Limit", DataFormat.N, 6, 6);
    d(0x9F7C, "Customer Exclusive Data (qVSDC) / Merchant Custom Data (Kernel 2)", DataFormat.B, 1, 32);
    d(0xA5, "FCI Proprietary Template", DataFormat.B, 0, VAR);
    d(0xBF0C, "FCI Issuer Discretionary Data", DataFormat.B, 0, 222);
    d(0xDF4D, "Load Log Entry (EC load log SFI and records)", DataFormat.B, 2, 2);
    d(0xDF4F, "Load Log Format", DataFormat.B, 0, VAR);
    d(0xDF60, "CAPP Transaction Indicator (extended application)", DataFormat.B, 1, 1);
    d(0xDF61, "Segmented Charging Application Indicator", DataFormat.B, 1, 1);
    d(0xDF62, "EC Segmented Charging Deduction Limit", DataFormat.N, 6, 6);
    d(0xDF63, "EC Segmented Charging Deducted Amount", DataFormat.N, 6, 6);
    d(0xDF69, "SM Algorithm Support Indicator", DataFormat.B, 1, 1);
  }

  private EmvTags() {}

  private static void d(int tag, String name, DataFormat format, int min, int max) {
    Tag t = Tag.of(tag);
    DICTIONARY.put(t, new Definition(t, name, format, min, max));
  }

  /** The dictionary entry of {@code tag}, or null when the dictionary does not know it. */
  public static Definition definition(Tag tag) {
    return DICTIONARY.get(tag);
  }

  /** The format of {@code tag}: {@link DataFormat#B} when the dictionary does not know it. */
  public static DataFormat formatOf(Tag tag) {
    Definition d = DICTIONARY.get(tag);
    return d == null ? DataFormat.B : d.format();
  }

  /** The name of {@code tag}, or "unknown data object" when the dictionary does not know it. */
  public static String nameOf(Tag tag) {
    Definition d = DICTIONARY.get(tag);
    return d == null ? "unknown data object" : d.name();
  }

  /** Every entry, in the order of the tables. */
  public static List<Definition> all() {
    return Collections.unmodifiableList(new ArrayList<>(DICTIONARY.values()));
  }

  /**
   * Fails unless {@code value} has a length the dictionary allows for {@code tag}; a tag the dictionary does not
   * know is accepted at any length.
   */
  public static void checkLength(Tag tag, byte[] value) throws DecodeException {
    Definition d = DICTIONARY.get(tag);
    if (d != null && !d.allows(value.length)) {
      throw new DecodeException(
          d.name() + ": length " + value.length + " outside " + d.minLength() + ".." + d.maxLength(),
          0,
          tag.hex());
    }
  }
}

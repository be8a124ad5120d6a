package cn.unioncard.sim.card.transit;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.purse.CappRecord;
import cn.unioncard.protocol.purse.GetBalanceResponse;
import cn.unioncard.protocol.purse.HolderInfo;
import cn.unioncard.protocol.purse.ManagementInfo;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.protocol.purse.PurseRecord;
import cn.unioncard.protocol.purse.TripRecord;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the transit purse (JT/T 978, PBOC electronic purse) keeps across taps: the contents of files
 * 0015, 0016, 0017, the balance and counters, the cyclic records of 0018 and 001E, the compound records of
 * 001A, the keys, the block state and the proof of the last debit. One document shared by the purse
 * application and its electronic-cash twin. A mutable Jackson POJO, JSON in snake_case; a profile file
 * holds it as its {@code transit} section.
 *
 * <p>Byte-level contents (records) are upper-case hex exactly as on the card; dates are {@code YYYYMMDD}
 * strings ({@code null} = unset). Call {@link #validate()} after loading: the commands assume a valid state.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "issuer_id", "application_type", "enabled_flag", "application_serial", "start_date", "end_date",
  "issuer_fci_data", "fci_version", "holder", "management", "balance_fen", "overdraft_limit_fen",
  "offline_counter", "online_counter", "purse_records", "trip_records", "capp_records", "keys",
  "application_block", "mac_failures", "mac_failure_limit", "last_transaction"
})
public final class TransitState {
  /** Records kept in each cyclic file (0018, 001E). */
  public static final int CYCLIC_RECORDS = 10;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final DateTimeFormatter YYYYMMDD =
      DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  // ---------------------------------------------------------------- file 0015 (and the FCI)

  /** 发卡机构标识, 16 hex digits (0015 bytes 0-7). */
  public String issuerId = "01015180FFFFFFFF";
  /** 应用类型标识 (0015 byte 8), {@code 2} = transit. */
  public int applicationType = PublicInfo.APP_TYPE_TRANSIT;
  /** 启用标识 (0015 byte 9): 1 enabled, 0 not yet, 2 stopped. */
  public int enabledFlag = PublicInfo.ENABLED;
  /** 应用序列号, 20 digits (0015 bytes 10-19). */
  public String applicationSerial = "03105180000000000001";
  /** 应用启用日期 {@code YYYYMMDD}, or null (unset). */
  public String startDate = "20250101";
  /** 应用有效日期 {@code YYYYMMDD}, or null (unset). */
  public String endDate = "20351231";
  /** 发卡机构自定义FCI数据, 4 hex digits (0015 bytes 28-29). */
  public String issuerFciData = "0000";
  /** Tag {@code 9F08} of the FCI (application version), one byte. */
  public int fciVersion = 0x02;

  /** File 0016. */
  public Holder holder = new Holder();
  /** File 0017. */
  public Management management = new Management();

  // ---------------------------------------------------------------- purse

  /** The balance in fen, shared by the purse and its electronic-cash twin. */
  public long balanceFen;
  /** 透支限额 in fen (3 bytes); reported, not used (the simulated purse never overdraws). */
  public long overdraftLimitFen;
  /** 电子钱包脱机交易序号: the offline counter INITIALIZE FOR PURCHASE reports; +1 per debit. */
  public int offlineCounter;
  /** 联机交易序号 (loads); kept for completeness, no load is simulated. */
  public int onlineCounter;

  /** File 0018, 23-byte records as hex, newest first, at most {@value #CYCLIC_RECORDS}. */
  public List<String> purseRecords = new ArrayList<>();
  /** File 001E, 48-byte records as hex, newest first, at most {@value #CYCLIC_RECORDS}. */
  public List<String> tripRecords = new ArrayList<>();
  /** File 001A, 128-byte records as hex by record id (4 hex digits, the record's first 2 bytes). */
  public Map<String, String> cappRecords = new LinkedHashMap<>();

  /** Key references and (optionally) the card's own keys. */
  public Keys keys = new Keys();

  /** The application's block state (APPLICATION BLOCK, MAC failures). */
  public Block applicationBlock = Block.NONE;
  /** Consecutive MAC1 failures since the last good debit. */
  public int macFailures;
  /** MAC1 failures that lock the application permanently ({@code 0}: never). */
  public int macFailureLimit = 3;

  /** The proof of the last debit, for GET TRANSACTION PROVE; null before the first debit. */
  public LastTransaction lastTransaction;

  /** The block state of the application. */
  public enum Block {
    /** Not blocked. */
    NONE,
    /** Blocked by APPLICATION BLOCK P2 {@code 00}: SELECT answers the FCI with {@code 6283}. */
    TEMPORARY,
    /** Blocked by APPLICATION BLOCK P2 {@code 01} or MAC failures: SELECT answers {@code 6A81}. */
    PERMANENT
  }

  /** File 0016 持卡人基本信息. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"card_type", "staff_flag", "name", "id_number", "id_type"})
  public static final class Holder {
    /** 卡类型标识 (see docs/card-profile-transit.md for the codes this project uses). */
    public int cardType = 0x01;
    /** 本行职工标识. */
    public int staffFlag;
    /** 持卡人姓名, GBK, at most 20 bytes. */
    public String name = "";
    /** 证件号, at most 32 bytes. */
    public String idNumber = "";
    /** 证件类型. */
    public int idType;
  }

  /** File 0017 管理信息文件. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"country_code", "province_code", "city_code", "interoperable_card_type", "card_kind",
      "reserved"})
  public static final class Management {
    /** 国际代码, 8 hex digits. */
    public String countryCode = "00000156";
    /** 省级代码, 4 hex digits. */
    public String provinceCode = "4400";
    /** 城市代码, 4 hex digits. */
    public String cityCode = "5180";
    /** 互通卡种: 1 interoperable, 0 not. */
    public int interoperableCardType = ManagementInfo.INTEROPERABLE;
    /** 卡种类型. */
    public int cardKind = 0x01;
    /** 预留, 98 hex digits, or null for zeros. */
    public String reserved;
  }

  /** Key references of the purse and, optionally, the card's own (already diversified) keys. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"key_index", "key_version", "algorithm_id", "purchase_key", "tac_key",
      "maintenance_key"})
  public static final class Keys {
    /** 密钥索引 the terminal names in INITIALIZE FOR PURCHASE (from the PSAM's file 0017). */
    public int keyIndex = 0x01;
    /** 密钥版本 reported by INITIALIZE FOR PURCHASE. */
    public int keyVersion = 0x01;
    /** 算法标识 reported by INITIALIZE FOR PURCHASE: {@code 0} = DES/TDEA (the only one simulated). */
    public int algorithmId;
    /** The card's purchase key DPK, 32 hex digits; null = derived from the test master key. */
    public String purchaseKey;
    /** The card's TAC key DTK; null = derived from the test master key. */
    public String tacKey;
    /** The card's application-maintenance key DAMK; null = derived from the test master key. */
    public String maintenanceKey;
  }

  /** What GET TRANSACTION PROVE answers for the last debit. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"ep_serial", "transaction_type", "mac2", "tac"})
  public static final class LastTransaction {
    /** The serial the terminal asks about: the offline counter after the debit (INIT's counter + 1). */
    public int epSerial;
    /** {@code 6} purchase or {@code 9} compound purchase. */
    public int transactionType;
    /** 8 hex digits. */
    public String mac2;
    /** 8 hex digits. */
    public String tac;
  }

  // ---------------------------------------------------------------- factories and JSON

  /** An ordinary enabled card with {@code balanceFen}, a bus record 2702 in 001A, default test keys. */
  public static TransitState ordinary(long balanceFen) {
    TransitState s = new TransitState();
    s.balanceFen = balanceFen;
    s.cappRecords.put("2702", Hex.encode(emptyBusRecord().encode()));
    return s;
  }

  /** The empty bus record {@code 2702} a card is personalised with (status initial, nothing travelled). */
  public static CappRecord emptyBusRecord() {
    return new CappRecord(CappRecord.BUS_RECORD_ID, CappRecord.BUS_RECORD_LENGTH, 0x01, 0x01, 0x00,
        "0000000000000000", CappRecord.STATUS_INITIAL, CappRecord.Endpoint.none(), 0, 0,
        CappRecord.Endpoint.none(), 0, 0, zeros(26));
  }

  /** The state as an indented JSON document. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("transit state does not serialise: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a state document and validates it.
   *
   * @throws IllegalArgumentException one line naming the field ({@code transit.balance_fen: ...})
   */
  public static TransitState fromJson(String json) {
    TransitState s;
    try {
      s = MAPPER.readValue(json, TransitState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(jsonError("transit", e), e);
    }
    if (s == null) {
      throw new IllegalArgumentException("transit: null document");
    }
    s.validate();
    return s;
  }

  /** Reads a bundled document, e.g. {@code ordinary.json} under {@code cn/unioncard/sim/profiles/transit/}. */
  public static TransitState bundled(String name) {
    String path = "/cn/unioncard/sim/profiles/transit/" + name;
    try (InputStream in = TransitState.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled transit profile " + name);
      }
      return fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A deep copy (through JSON). */
  public TransitState copy() {
    try {
      return MAPPER.readValue(MAPPER.writeValueAsString(this), TransitState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("transit state does not copy: " + e.getOriginalMessage(), e);
    }
  }

  /** A one-line message for a Jackson error: {@code prefix.field.sub: what}. */
  /** One line for a state document Jackson could not read: the field's path under {@code prefix}, and why. */
  public static String jsonError(String prefix, JsonProcessingException e) {
    StringBuilder path = new StringBuilder(prefix);
    if (e instanceof JsonMappingException) {
      for (JsonMappingException.Reference r : ((JsonMappingException) e).getPath()) {
        if (r.getFieldName() != null) {
          path.append('.').append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          path.append('[').append(r.getIndex()).append(']');
        }
      }
    }
    String msg = e.getOriginalMessage();
    int nl = msg == null ? -1 : msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    return path + ": " + msg;
  }

  // ---------------------------------------------------------------- validation

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the first bad field by its JSON path, e.g.
   *     {@code transit.balance_fen: negative}
   */
  public void validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new IllegalArgumentException(p.get(0));
    }
  }

  /** Every problem found, each {@code transit.<json path>: <what>}; empty when the state is valid. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    hex(out, "issuer_id", issuerId, 8);
    uint(out, "application_type", applicationType, 0xFF);
    uint(out, "enabled_flag", enabledFlag, 0xFF);
    digits(out, "application_serial", applicationSerial, 20);
    date(out, "start_date", startDate);
    date(out, "end_date", endDate);
    hex(out, "issuer_fci_data", issuerFciData, 2);
    uint(out, "fci_version", fciVersion, 0xFF);
    if (holder == null) {
      out.add("transit.holder: missing");
    } else {
      uint(out, "holder.card_type", holder.cardType, 0xFF);
      uint(out, "holder.staff_flag", holder.staffFlag, 0xFF);
      uint(out, "holder.id_type", holder.idType, 0xFF);
      codec(out, "holder", () -> holderInfo());
    }
    if (management == null) {
      out.add("transit.management: missing");
    } else {
      hex(out, "management.country_code", management.countryCode, 4);
      hex(out, "management.province_code", management.provinceCode, 2);
      hex(out, "management.city_code", management.cityCode, 2);
      uint(out, "management.interoperable_card_type", management.interoperableCardType, 0xFFFF);
      uint(out, "management.card_kind", management.cardKind, 0xFF);
      if (management.reserved != null) {
        hex(out, "management.reserved", management.reserved, 49);
      }
    }
    if (balanceFen < 0) {
      out.add("transit.balance_fen: negative");
    } else if (balanceFen > GetBalanceResponse.MAX_BALANCE) {
      out.add("transit.balance_fen: above " + GetBalanceResponse.MAX_BALANCE);
    }
    uint(out, "overdraft_limit_fen", overdraftLimitFen, 0xFFFFFF);
    uint(out, "offline_counter", offlineCounter, 0xFFFF);
    uint(out, "online_counter", onlineCounter, 0xFFFF);
    records(out, "purse_records", purseRecords, PurseRecord.LENGTH, b -> PurseRecord.decode(b));
    records(out, "trip_records", tripRecords, TripRecord.LENGTH, b -> TripRecord.decode(b));
    if (cappRecords == null) {
      out.add("transit.capp_records: missing");
    } else {
      for (Map.Entry<String, String> e : cappRecords.entrySet()) {
        String at = "capp_records." + e.getKey();
        if (!isHex(e.getKey(), 2)) {
          out.add("transit." + at + ": the record id is 4 hex digits");
          continue;
        }
        if (!isHex(e.getValue(), CappRecord.LENGTH)) {
          out.add("transit." + at + ": expected " + CappRecord.LENGTH + " bytes of hex");
          continue;
        }
        if (!e.getValue().substring(0, 4).equalsIgnoreCase(e.getKey())) {
          out.add("transit." + at + ": the record does not start with its id");
        }
      }
    }
    if (keys == null) {
      out.add("transit.keys: missing");
    } else {
      uint(out, "keys.key_index", keys.keyIndex, 0xFF);
      uint(out, "keys.key_version", keys.keyVersion, 0xFF);
      if (keys.algorithmId != 0) {
        out.add("transit.keys.algorithm_id: only 0 (DES/TDEA) is simulated");
      }
      if (keys.purchaseKey != null) {
        hex(out, "keys.purchase_key", keys.purchaseKey, 16);
      }
      if (keys.tacKey != null) {
        hex(out, "keys.tac_key", keys.tacKey, 16);
      }
      if (keys.maintenanceKey != null) {
        hex(out, "keys.maintenance_key", keys.maintenanceKey, 16);
      }
    }
    if (applicationBlock == null) {
      out.add("transit.application_block: missing (NONE, TEMPORARY or PERMANENT)");
    }
    uint(out, "mac_failures", macFailures, Integer.MAX_VALUE);
    uint(out, "mac_failure_limit", macFailureLimit, 0xFF);
    if (lastTransaction != null) {
      uint(out, "last_transaction.ep_serial", lastTransaction.epSerial, 0xFFFF);
      if (lastTransaction.transactionType != 0x06 && lastTransaction.transactionType != 0x09) {
        out.add("transit.last_transaction.transaction_type: 6 (purchase) or 9 (compound purchase)");
      }
      hex(out, "last_transaction.mac2", lastTransaction.mac2, 4);
      hex(out, "last_transaction.tac", lastTransaction.tac, 4);
    }
    if (out.isEmpty()) {
      codec(out, "", () -> publicInfo());
    }
    return out;
  }

  private interface Decoder {
    Object decode(byte[] b) throws DecodeException;
  }

  private static void records(List<String> out, String name, List<String> list, int length, Decoder d) {
    if (list == null) {
      out.add("transit." + name + ": missing");
      return;
    }
    if (list.size() > CYCLIC_RECORDS) {
      out.add("transit." + name + ": " + list.size() + " records, at most " + CYCLIC_RECORDS);
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "transit." + name + "[" + i + "]";
      if (!isHex(list.get(i), length)) {
        out.add(at + ": expected " + length + " bytes of hex");
        continue;
      }
      try {
        d.decode(Hex.of(list.get(i)));
      } catch (DecodeException | IllegalArgumentException e) {
        out.add(at + ": " + e.getMessage());
      }
    }
  }

  private static void codec(List<String> out, String name, Runnable build) {
    try {
      build.run();
    } catch (IllegalArgumentException e) {
      out.add("transit" + (name.isEmpty() ? "" : "." + name) + ": " + e.getMessage());
    }
  }

  private static void uint(List<String> out, String name, long v, long max) {
    if (v < 0 || v > max) {
      out.add("transit." + name + ": " + v + " outside 0.." + max);
    }
  }

  private static void hex(List<String> out, String name, String v, int bytes) {
    if (!isHex(v, bytes)) {
      out.add("transit." + name + ": expected " + bytes + " bytes as " + 2 * bytes + " hex digits, got "
          + (v == null ? "null" : "\"" + v + "\""));
    }
  }

  private static void digits(List<String> out, String name, String v, int count) {
    if (v == null || v.length() != count || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      out.add("transit." + name + ": expected " + count + " digits");
    }
  }

  private static void date(List<String> out, String name, String v) {
    if (v != null && parseDate(v) == null) {
      out.add("transit." + name + ": not a YYYYMMDD date: \"" + v + "\"");
    }
  }

  /** Whether {@code v} is hex of exactly {@code bytes} bytes (state files of the transit purse and the PSAM). */
  public static boolean isHex(String v, int bytes) {
    if (v == null || v.length() != 2 * bytes) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.digit(v.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** A YYYYMMDD date of a state file, or null when it is not one. */
  public static LocalDate parseDate(String v) {
    if (v == null || v.length() != 8) {
      return null;
    }
    try {
      return LocalDate.parse(v, YYYYMMDD);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String zeros(int bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2 * bytes; i++) {
      sb.append('0');
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- the files as the codecs see them

  /** File 0015 (also the FCI's {@code 9F0C}). */
  public PublicInfo publicInfo() {
    return new PublicInfo(issuerId, applicationType, enabledFlag, applicationSerial, parseDate(startDate),
        parseDate(endDate), issuerFciData);
  }

  /** File 0016. */
  public HolderInfo holderInfo() {
    return new HolderInfo(holder.cardType, holder.staffFlag, holder.name, holder.idNumber, holder.idType);
  }

  /** File 0017. */
  public ManagementInfo managementInfo() {
    return new ManagementInfo(management.countryCode, management.provinceCode, management.cityCode,
        management.interoperableCardType, management.cardKind,
        management.reserved == null ? zeros(49) : management.reserved);
  }

  /** The card's purchase key DPK (16 bytes). */
  public byte[] purchaseKey() {
    return key(keys.purchaseKey, TransitTestKeys.PURCHASE_MASTER_KEY);
  }

  /** The card's TAC key DTK (16 bytes). */
  public byte[] tacKey() {
    return key(keys.tacKey, TransitTestKeys.TAC_MASTER_KEY);
  }

  /** The card's application-maintenance key DAMK (16 bytes). */
  public byte[] maintenanceKey() {
    return key(keys.maintenanceKey, TransitTestKeys.MAINTENANCE_MASTER_KEY);
  }

  private byte[] key(String own, String master) {
    return own != null ? Hex.of(own) : TransitTestKeys.cardKey(master, issuerId, applicationSerial);
  }
}

package cn.unioncard.sim.card.psam;

import cn.unioncard.sim.card.transit.TransitState;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.purse.PsamApplicationInfo;
import cn.unioncard.protocol.purse.PsamTerminalInfo;
import cn.unioncard.sim.card.transit.TransitTestKeys;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a transit PSAM keeps: its terminal number (file 0016), serial and version (0015), the
 * application information (0017: key index, issuer and receiver ids, dates), its master keys by version and
 * its terminal transaction serial (终端交易序号), which every INIT_SAM_FOR_PURCHASE uses and increments.
 * A mutable Jackson POJO, JSON in snake_case; a profile holds it as its {@code psam} section.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"terminal_number", "psam_serial", "psam_version", "key_index", "issuer_id",
    "receiver_id", "start_date", "end_date", "purchase_master_keys", "maintenance_master_keys",
    "terminal_serial"})
public final class PsamState {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final DateTimeFormatter YYYYMMDD =
      DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  /** 终端机编号, 12 digits (file 0016, 6 bytes BCD). */
  public String terminalNumber = "010203040506";
  /** PSAM 序列号, 20 digits (file 0015 bytes 0-9). */
  public String psamSerial = "00000000000000000001";
  /** PSAM 版本号 (file 0015 byte 10). */
  public int psamVersion = 0x01;
  /** 密钥索引 (file 0017 byte 0): the card key index the terminal names in INITIALIZE FOR PURCHASE. */
  public int keyIndex = 0x01;
  /** 发行方标识, 16 hex digits (file 0017). */
  public String issuerId = "01015180FFFFFFFF";
  /** 使用方标识, 16 hex digits (file 0017). */
  public String receiverId = "0000000000000001";
  /** 启用日期 {@code YYYYMMDD} or null. */
  public String startDate = "20250101";
  /** 有效日期 {@code YYYYMMDD} or null. */
  public String endDate = "20351231";
  /** Purchase master keys (MPK) by key version (2 hex digits), each 32 hex digits. */
  public Map<String, String> purchaseMasterKeys = new TreeMap<>(Map.of("01", TransitTestKeys.PURCHASE_MASTER_KEY));
  /**
   * Application-maintenance master keys (MAMK) by key version (2 hex digits), for INIT_SAM_FOR_DESCRYPT
   * with key usage {@code 45} (APPLICATION BLOCK MAC).
   */
  public Map<String, String> maintenanceMasterKeys =
      new TreeMap<>(Map.of("02", TransitTestKeys.MAINTENANCE_MASTER_KEY));
  /** 终端交易序号: the serial the next INIT_SAM_FOR_PURCHASE answers (4 bytes). */
  public long terminalSerial = 1;

  /** The state as an indented JSON document. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("PSAM state does not serialise: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads and validates a state document.
   *
   * @throws IllegalArgumentException one line naming the field ({@code psam.terminal_number: ...})
   */
  public static PsamState fromJson(String json) {
    PsamState s;
    try {
      s = MAPPER.readValue(json, PsamState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(TransitState.jsonError("psam", e), e);
    }
    if (s == null) {
      throw new IllegalArgumentException("psam: null document");
    }
    s.validate();
    return s;
  }

  /** Reads a bundled document, e.g. {@code default.json} under {@code cn/unioncard/sim/profiles/psam/}. */
  public static PsamState bundled(String name) {
    String path = "/cn/unioncard/sim/profiles/psam/" + name;
    try (InputStream in = PsamState.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled PSAM profile " + name);
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A deep copy (through JSON). */
  public PsamState copy() {
    return fromJson(toJson());
  }

  /** @throws IllegalArgumentException naming the first bad field, e.g. {@code psam.terminal_number: ...} */
  public void validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new IllegalArgumentException(p.get(0));
    }
  }

  /** Every problem, each {@code psam.<json path>: <what>}; empty when valid. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    digits(out, "terminal_number", terminalNumber, 12);
    digits(out, "psam_serial", psamSerial, 20);
    if (psamVersion < 0 || psamVersion > 0xFF) {
      out.add("psam.psam_version: " + psamVersion + " outside 0..255");
    }
    if (keyIndex < 0 || keyIndex > 0xFF) {
      out.add("psam.key_index: " + keyIndex + " outside 0..255");
    }
    hex(out, "issuer_id", issuerId, 8);
    hex(out, "receiver_id", receiverId, 8);
    date(out, "start_date", startDate);
    date(out, "end_date", endDate);
    keys(out, "purchase_master_keys", purchaseMasterKeys);
    keys(out, "maintenance_master_keys", maintenanceMasterKeys);
    if (terminalSerial < 0 || terminalSerial > 0xFFFFFFFFL) {
      out.add("psam.terminal_serial: " + terminalSerial + " outside 0..4294967295");
    }
    return out;
  }

  private static void keys(List<String> out, String name, Map<String, String> keys) {
    if (keys == null) {
      out.add("psam." + name + ": missing");
      return;
    }
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (!TransitState.isHex(e.getKey(), 1)) {
        out.add("psam." + name + "." + e.getKey() + ": the key version is 2 hex digits");
      } else if (!TransitState.isHex(e.getValue(), 16)) {
        out.add("psam." + name + "." + e.getKey() + ": expected a 16-byte key as 32 hex digits");
      }
    }
  }

  private static void digits(List<String> out, String name, String v, int count) {
    if (v == null || v.length() != count || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      out.add("psam." + name + ": expected " + count + " digits");
    }
  }

  private static void hex(List<String> out, String name, String v, int bytes) {
    if (!TransitState.isHex(v, bytes)) {
      out.add("psam." + name + ": expected " + 2 * bytes + " hex digits");
    }
  }

  private static void date(List<String> out, String name, String v) {
    if (v != null && TransitState.parseDate(v) == null) {
      out.add("psam." + name + ": not a YYYYMMDD date: \"" + v + "\"");
    }
  }



  // ---------------------------------------------------------------- files

  /** File 0016. */
  public PsamTerminalInfo terminalInfo() {
    return new PsamTerminalInfo(terminalNumber);
  }

  /** File 0017. */
  public PsamApplicationInfo applicationInfo() {
    return new PsamApplicationInfo(keyIndex, issuerId, receiverId, TransitState.parseDate(startDate), TransitState.parseDate(endDate));
  }

  /**
   * File 0015 (PSAM 公共信息), 14 bytes: serial 10 | PSAM version 1 | key card type 1 ({@code 00}) |
   * command set version 1 ({@code 00}) | FCI data 1 ({@code 00}). Layout as public PSAM drivers read it;
   * no terminal here parses it, so there is no codec for it.
   */
  public byte[] cardInfo() {
    byte[] out = new byte[14];
    System.arraycopy(Hex.of(psamSerial), 0, out, 0, 10);
    out[10] = (byte) psamVersion;
    return out;
  }

  /** The purchase master key of {@code version}, or null. */
  byte[] purchaseMasterKey(int version) {
    String k = purchaseMasterKeys.get(String.format(Locale.ROOT, "%02X", version));
    if (k == null) {
      k = purchaseMasterKeys.get(String.format(Locale.ROOT, "%02x", version));
    }
    return k == null ? null : Hex.of(k);
  }

  /** The maintenance master key of {@code version}, or null. */
  byte[] maintenanceMasterKey(int version) {
    String k = maintenanceMasterKeys.get(String.format(Locale.ROOT, "%02X", version));
    if (k == null) {
      k = maintenanceMasterKeys.get(String.format(Locale.ROOT, "%02x", version));
    }
    return k == null ? null : Hex.of(k);
  }
}

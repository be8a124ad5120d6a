package cn.unioncard.agent.gate.fare;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transit operator's fares: the content of the signed reference data of kind {@code fare-table}. JSON, money in
 * fen, distances in metres; the format is in {@code docs/fares.md}. Immutable once read.
 */
public final class FareTable {
  /** How a line charges. */
  public enum LineKind {
    /** One fare per ride, charged at boarding (a bus). */
    FLAT,
    /** Tap in and tap out; the fare by the distance between the stations (a metro). */
    DISTANCE
  }

  /** A fare band: up to {@code upToMetres} (inclusive; {@link Long#MAX_VALUE} for the last band). */
  public record Band(long upToMetres, long fareFen) {}

  /** A line and how it charges. */
  public record Line(String id, LineKind kind, long flatFareFen, Map<String, Long> stationMetres, List<Band> bands) {}

  /** A member category's concession: a share off every ride, funded by the union or by the operator. */
  public record Concession(String category, int percentOff, boolean unionFunded) {}

  private final long version;
  private final String operator;
  private final Map<String, Line> lines;
  private final Map<String, Concession> concessions;
  private final int transferWindowMinutes;
  private final long transferDiscountFen;
  private final long dailyCapFen;
  private final long missingEntryFareFen;
  private final long missingExitFareFen;
  private final int maxJourneyMinutes;

  private FareTable(
      long version,
      String operator,
      Map<String, Line> lines,
      Map<String, Concession> concessions,
      int transferWindowMinutes,
      long transferDiscountFen,
      long dailyCapFen,
      long missingEntryFareFen,
      long missingExitFareFen,
      int maxJourneyMinutes) {
    this.version = version;
    this.operator = operator;
    this.lines = lines;
    this.concessions = concessions;
    this.transferWindowMinutes = transferWindowMinutes;
    this.transferDiscountFen = transferDiscountFen;
    this.dailyCapFen = dailyCapFen;
    this.missingEntryFareFen = missingEntryFareFen;
    this.missingExitFareFen = missingExitFareFen;
    this.maxJourneyMinutes = maxJourneyMinutes;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads a fare table.
   *
   * @throws FareTableException naming the field and what is wrong with it
   */
  public static FareTable parse(byte[] json) throws FareTableException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new FareTableException("", "not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new FareTableException("", "cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new FareTableException("", "must be a JSON object");
    }
    long version = whole(root, "version", 1, 0xFFFFFFFFL);
    String operator = text(root, "operator");
    JsonNode linesNode = object(root, "lines");
    Map<String, Line> lines = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = linesNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!isCode(e.getKey())) {
        throw new FareTableException("lines." + e.getKey(), "a line's id is its 4 hex digit code, as in the card's trip record");
      }
      lines.put(e.getKey(), line("lines." + e.getKey(), e.getKey(), e.getValue()));
    }
    if (lines.isEmpty()) {
      throw new FareTableException("lines", "names no line");
    }
    Map<String, Concession> concessions = new LinkedHashMap<>();
    JsonNode c = root.get("concessions");
    if (c != null) {
      if (!c.isObject()) {
        throw new FareTableException("concessions", "must be an object of categories");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "concessions." + e.getKey();
        JsonNode v = e.getValue();
        if (!v.isObject()) {
          throw new FareTableException(path, "must be an object");
        }
        int percent = (int) whole(v, "percent_off", 0, 100, path);
        boolean union = bool(v, "union_funded", false, path);
        concessions.put(e.getKey(), new Concession(e.getKey(), percent, union));
      }
    }
    int window = 0;
    long transfer = 0;
    JsonNode t = root.get("transfer");
    if (t != null) {
      if (!t.isObject()) {
        throw new FareTableException("transfer", "must be an object");
      }
      window = (int) whole(t, "window_minutes", 1, 24 * 60, "transfer");
      transfer = whole(t, "discount_fen", 0, 1_000_000, "transfer");
    }
    long cap = optionalWhole(root, "daily_cap_fen", 0, 100_000_000, 0);
    long missingEntry = optionalWhole(root, "missing_entry_fare_fen", 0, 1_000_000, 0);
    long missingExit = optionalWhole(root, "missing_exit_fare_fen", 0, 1_000_000, 0);
    int maxJourney = (int) optionalWhole(root, "max_journey_minutes", 1, 24 * 60, 240);
    for (Line l : lines.values()) {
      if (l.kind() == LineKind.DISTANCE && (root.get("missing_entry_fare_fen") == null || root.get("missing_exit_fare_fen") == null)) {
        throw new FareTableException(
            "missing_entry_fare_fen", "a table with a distance line must say what an unpaired tap costs"
                + " (missing_entry_fare_fen and missing_exit_fare_fen)");
      }
    }
    return new FareTable(
        version,
        operator,
        Collections.unmodifiableMap(lines),
        Collections.unmodifiableMap(concessions),
        window,
        transfer,
        cap,
        missingEntry,
        missingExit,
        maxJourney);
  }

  private static Line line(String path, String id, JsonNode n) throws FareTableException {
    if (!n.isObject()) {
      throw new FareTableException(path, "must be an object");
    }
    String kind = text(n, "kind", path);
    if (kind.equals("flat")) {
      return new Line(id, LineKind.FLAT, whole(n, "fare_fen", 0, 1_000_000, path), Collections.emptyMap(),
          Collections.emptyList());
    }
    if (!kind.equals("distance")) {
      throw new FareTableException(path + ".kind", "must be flat or distance, not '" + kind + "'");
    }
    JsonNode st = n.get("station_metres");
    if (st == null || !st.isObject() || st.size() < 2) {
      throw new FareTableException(path + ".station_metres", "must map at least two stations to their distance in metres");
    }
    Map<String, Long> stations = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = st.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!isCode(e.getKey())) {
        throw new FareTableException(path + ".station_metres." + e.getKey(), "a station's id is its 4 hex digit code");
      }
      stations.put(e.getKey(), whole(st, e.getKey(), 0, 10_000_000, path + ".station_metres"));
    }
    JsonNode b = n.get("bands");
    if (b == null || !b.isArray() || b.size() == 0) {
      throw new FareTableException(path + ".bands", "must be a list of fare bands");
    }
    List<Band> bands = new ArrayList<>();
    long last = -1;
    for (int i = 0; i < b.size(); i++) {
      String bp = path + ".bands[" + i + "]";
      JsonNode band = b.get(i);
      if (!band.isObject()) {
        throw new FareTableException(bp, "must be an object");
      }
      boolean isLast = i == b.size() - 1;
      long upTo = isLast && band.get("up_to_metres") == null
          ? Long.MAX_VALUE
          : whole(band, "up_to_metres", 0, 10_000_000, bp);
      if (upTo <= last) {
        throw new FareTableException(bp + ".up_to_metres", "must be above the band before");
      }
      if (isLast && upTo != Long.MAX_VALUE) {
        throw new FareTableException(bp, "the last band has no up_to_metres: it covers every longer journey");
      }
      last = upTo;
      bands.add(new Band(upTo, whole(band, "fare_fen", 0, 1_000_000, bp)));
    }
    return new Line(id, LineKind.DISTANCE, 0, Collections.unmodifiableMap(stations), Collections.unmodifiableList(bands));
  }

  /** Line and station codes: 4 upper-case hex digits, as the gate writes them into the card's trip record. */
  static boolean isCode(String s) {
    return s.length() == 4 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
  }

  private static JsonNode object(JsonNode n, String field) throws FareTableException {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new FareTableException(field, "must be an object");
    }
    return v;
  }

  private static String text(JsonNode n, String field) throws FareTableException {
    return text(n, field, "");
  }

  private static String text(JsonNode n, String field, String path) throws FareTableException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new FareTableException(join(path, field), "must be a non-empty string");
    }
    return v.asText();
  }

  private static boolean bool(JsonNode n, String field, boolean dflt, String path) throws FareTableException {
    JsonNode v = n.get(field);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new FareTableException(join(path, field), "must be true or false");
    }
    return v.asBoolean();
  }

  private static long whole(JsonNode n, String field, long min, long max) throws FareTableException {
    return whole(n, field, min, max, "");
  }

  private static long whole(JsonNode n, String field, long min, long max, String path) throws FareTableException {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw new FareTableException(join(path, field), "must be a whole number from " + min + " to " + max);
    }
    return v.asLong();
  }

  private static long optionalWhole(JsonNode n, String field, long min, long max, long dflt) throws FareTableException {
    return n.get(field) == null ? dflt : whole(n, field, min, max);
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public long version() {
    return version;
  }

  public String operator() {
    return operator;
  }

  /** The line, or null when the table does not name it. */
  public Line line(String id) {
    return lines.get(id);
  }

  /** The concession of a member category, or null (full fare). */
  public Concession concession(String category) {
    return category == null ? null : concessions.get(category);
  }

  public int transferWindowMinutes() {
    return transferWindowMinutes;
  }

  public long transferDiscountFen() {
    return transferDiscountFen;
  }

  /** 0: no cap. */
  public long dailyCapFen() {
    return dailyCapFen;
  }

  public long missingEntryFareFen() {
    return missingEntryFareFen;
  }

  public long missingExitFareFen() {
    return missingExitFareFen;
  }

  public int maxJourneyMinutes() {
    return maxJourneyMinutes;
  }
}

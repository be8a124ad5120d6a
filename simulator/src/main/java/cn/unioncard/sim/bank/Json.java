package cn.unioncard.sim.bank;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strict reading of request bodies: one JSON object in UTF-8, no duplicate field, nothing after it; a missing
 * required field or a wrong type is a {@code 400 malformed} naming the field. Unknown fields are ignored.
 */
final class Json {
  static final ObjectMapper MAPPER = mapper();

  /** Java records to JSON with {@code snake_case} names (the control API's answers). */
  static final ObjectMapper CONTROL =
      mapper().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

  private Json() {}

  private static ObjectMapper mapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(4_000_000).build())
            .build();
    ObjectMapper m = new ObjectMapper(factory);
    m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    m.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    return m;
  }

  /** The body as a JSON object. */
  static ObjectNode object(byte[] body) throws ApiException {
    if (body == null || body.length == 0) {
      throw ApiException.malformed("the body is empty; a JSON object is expected");
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      throw ApiException.malformed("the body is not UTF-8");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.malformed("the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.malformed("the body cannot be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.malformed("the body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  static JsonNode required(JsonNode parent, String field, String where) throws ApiException {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.malformed(where + field + " is missing");
    }
    return v;
  }

  static String text(JsonNode parent, String field) throws ApiException {
    return text(parent, field, "");
  }

  static String text(JsonNode parent, String field, String where) throws ApiException {
    JsonNode v = required(parent, field, where);
    if (!v.isTextual()) {
      throw ApiException.malformed(where + field + " must be a string");
    }
    return v.textValue();
  }

  /** A string matching {@code pattern}. */
  static String text(JsonNode parent, String field, String where, String pattern, String shape)
      throws ApiException {
    String v = text(parent, field, where);
    if (!v.matches(pattern)) {
      throw ApiException.malformed(where + field + " must be " + shape);
    }
    return v;
  }

  static String optionalText(JsonNode parent, String field, String where) throws ApiException {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.malformed(where + field + " must be a string or null");
    }
    return v.textValue();
  }

  /** A whole number of fen, 0 to 10^12. */
  static long fen(JsonNode parent, String field, String where) throws ApiException {
    JsonNode v = required(parent, field, where);
    return fenValue(v, where + field);
  }

  static long optionalFen(JsonNode parent, String field, String where) throws ApiException {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    return fenValue(v, where + field);
  }

  private static long fenValue(JsonNode v, String name) throws ApiException {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiException.malformed(name + " must be a whole number of fen");
    }
    long n = v.longValue();
    if (n < 0 || n > 1_000_000_000_000L) {
      throw ApiException.malformed(name + " must be 0 to 10^12 fen");
    }
    return n;
  }

  static boolean bool(JsonNode parent, String field, String where) throws ApiException {
    JsonNode v = required(parent, field, where);
    if (!v.isBoolean()) {
      throw ApiException.malformed(where + field + " must be true or false");
    }
    return v.booleanValue();
  }

  static long integer(JsonNode parent, String field, String where) throws ApiException {
    JsonNode v = required(parent, field, where);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiException.malformed(where + field + " must be a whole number");
    }
    return v.longValue();
  }

  /** Hex of {@code min} to {@code max} bytes. */
  static byte[] hex(JsonNode parent, String field, String where, int min, int max) throws ApiException {
    String text = text(parent, field, where);
    return hexValue(text, where + field, min, max);
  }

  static byte[] hexValue(String text, String name, int min, int max) throws ApiException {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        throw ApiException.malformed(name + " must be hex without spaces");
      }
    }
    byte[] b;
    try {
      b = Hex.parse(text);
    } catch (DecodeException e) {
      throw ApiException.malformed(name + " is not hex: " + e.getMessage());
    }
    if (b.length < min || b.length > max) {
      throw ApiException.malformed(name + " must be " + (min == max ? min : min + " to " + max) + " bytes");
    }
    return b;
  }

  /** The bytes of a JSON value with every object's fields in name order, so equal content hashes equal. */
  static byte[] canonical(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = MAPPER.createObjectNode();
      Map<String, JsonNode> fields = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.put(e.getKey(), sorted(e.getValue()));
      }
      out.setAll(fields);
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = MAPPER.createArrayNode();
      for (JsonNode n : node) {
        out.add(sorted(n));
      }
      return out;
    }
    return node;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

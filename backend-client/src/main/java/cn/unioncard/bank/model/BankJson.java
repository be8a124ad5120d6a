package cn.unioncard.bank.model;

import cn.unioncard.bank.BankException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON mapping of the bank API (docs/bank-api.md, "Conventions"), shared by the client and the bank
 * simulator: {@code snake_case} names, unknown fields ignored, and strict everything else. A body that is not
 * complete JSON, has trailing data or a duplicate key, lacks a required field, has a wrong type (no coercion of
 * {@code "12"} to a number or of {@code 12} to a string, no fraction for an integer) or breaks a model rule
 * gives a {@link BankException} naming the field (JSON path), never a half-filled object.
 *
 * <p>Times are RFC 3339 UTC with milliseconds ({@link #formatInstant}); dates {@code YYYY-MM-DD}.
 */
public final class BankJson {
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
  private static final ObjectMapper MAPPER = build();

  private BankJson() {}

  private static ObjectMapper build() {
    SimpleModule time = new SimpleModule("bank-time");
    time.addSerializer(Instant.class, new InstantSerializer());
    time.addDeserializer(Instant.class, new InstantDeserializer());
    time.addSerializer(LocalDate.class, new LocalDateSerializer());
    time.addDeserializer(LocalDate.class, new LocalDateDeserializer());
    JsonMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(time)
            .build();
    for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper
          .coercionConfigFor(t)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Enum)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.POJO)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail);
    return mapper;
  }

  /**
   * Reads a whole body as {@code type}.
   *
   * @param failure the kind to report: {@link BankException.Kind#MALFORMED_RESPONSE} in the client, {@link
   *     BankException.Kind#MALFORMED_REQUEST} in the bank
   * @param what what the body is, for the message ("sign-on answer")
   */
  public static <T> T read(byte[] body, Class<T> type, BankException.Kind failure, String what)
      throws BankException {
    if (body == null || body.length == 0) {
      throw BankException.malformed(failure, "", what + ": empty body", null);
    }
    T value;
    try {
      value = MAPPER.readValue(body, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
      String path = path(e);
      int colon = detail.indexOf(": ");
      String field = colon > 0 ? join(path, detail.substring(0, colon)) : path;
      String reason = colon > 0 ? detail.substring(colon + 2) : detail;
      throw BankException.malformed(failure, field, what + ": field '" + field + "': " + reason, e);
    } catch (MismatchedInputException e) {
      String path = path(e);
      String field = path;
      String msg = e.getOriginalMessage();
      if (msg != null && msg.startsWith("Missing required creator property")) {
        // Jackson's path already ends in the missing property; the message names it too.
        Matcher m = QUOTED.matcher(msg);
        if (m.find() && !path.endsWith(m.group(1))) {
          field = join(path, m.group(1));
        }
        throw BankException.malformed(failure, field, what + ": field '" + field + "': required, missing", e);
      }
      throw BankException.malformed(
          failure, field, what + ": field '" + field + "': " + firstLine(msg), e);
    } catch (JsonMappingException e) {
      String field = path(e);
      throw BankException.malformed(
          failure, field, what + ": field '" + field + "': " + firstLine(e.getOriginalMessage()), e);
    } catch (JacksonException e) {
      throw BankException.malformed(
          failure, "", what + ": not complete JSON: " + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw BankException.malformed(failure, "", what + ": unreadable: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A model rule that escaped Jackson's wrapping; never a half-filled object either way.
      throw BankException.malformed(failure, "", what + ": " + e.getMessage(), e);
    }
    if (value == null) {
      throw BankException.malformed(failure, "", what + ": the body is JSON null", null);
    }
    return value;
  }

  /** The JSON bytes of {@code value} (UTF-8). */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Writes {@code value} as JSON to {@code out} as it goes, without building the body in memory (the batch
   * upload). The stream is flushed, not closed. The bytes are the same as {@link #write}'s.
   */
  public static void write(Object value, OutputStream out) throws IOException {
    JsonGenerator g = MAPPER.getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    MAPPER.writeValue(g, value);
    g.flush();
  }

  /** RFC 3339 UTC with milliseconds, e.g. {@code 2026-11-23T11:40:00.123Z} (the API's time format). */
  public static String formatInstant(Instant instant) {
    return INSTANT.format(instant);
  }

  /**
   * Parses an RFC 3339 time in UTC ({@code Z}); a finer fraction than the millisecond is cut to the millisecond,
   * the API's precision, so a value reads back as it is written (a Jazzer finding).
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static Instant parseInstant(String text) {
    if (text == null || !text.endsWith("Z")) {
      throw new IllegalArgumentException("not an RFC 3339 UTC time ending in Z: " + text);
    }
    try {
      return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an RFC 3339 UTC time: " + text);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(formatInstant(value));
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
      }
      try {
        return parseInstant(p.getText());
      } catch (IllegalArgumentException e) {
        throw MismatchedInputException.from(p, Instant.class, "not an RFC 3339 UTC time (…Z)");
      }
    }
  }

  private static final class LocalDateSerializer extends JsonSerializer<LocalDate> {
    @Override
    public void serialize(LocalDate value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class LocalDateDeserializer extends JsonDeserializer<LocalDate> {
    @Override
    public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (LocalDate) ctxt.handleUnexpectedToken(LocalDate.class, p);
      }
      try {
        return LocalDate.parse(p.getText(), DateTimeFormatter.ISO_LOCAL_DATE);
      } catch (DateTimeParseException e) {
        throw MismatchedInputException.from(p, LocalDate.class, "not a date YYYY-MM-DD");
      }
    }
  }
}

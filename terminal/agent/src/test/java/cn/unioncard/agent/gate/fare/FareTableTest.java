package cn.unioncard.agent.gate.fare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A fare table that cannot be used is refused with the field at fault. */
class FareTableTest {
  static final String OK_LINES = "\"lines\": {\"000B\": {\"kind\": \"flat\", \"fare_fen\": 200}}";

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "[]| fare table: must be a JSON object",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {\"000B\": {\"kind\": \"flat\", \"fare_fen\": 200}}}| ",
    "{\"version\": 0, \"operator\": \"X\", " + OK_LINES + "}| fare table: version: must be a whole number from 1 to 4294967295",
    "{\"version\": 1.5, \"operator\": \"X\", " + OK_LINES + "}| fare table: version: must be a whole number from 1 to 4294967295",
    "{\"version\": 1, \"operator\": \"\", " + OK_LINES + "}| fare table: operator: must be a non-empty string",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {}}| fare table: lines: names no line",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {\"000B\": {\"kind\": \"boat\"}}}| fare table: lines.000B.kind: must be flat or distance, not 'boat'",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {\"000B\": {\"kind\": \"flat\", \"fare_fen\": -1}}}| fare table: lines.000B.fare_fen: must be a whole number from 0 to 1000000",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {\"000B\": {\"kind\": \"flat\", \"fare_fen\": \"2\"}}}| fare table: lines.000B.fare_fen: must be a whole number from 0 to 1000000",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {\"000D\": {\"kind\": \"distance\", \"station_metres\": {\"000A\": 0}, \"bands\": []}}}| fare table: lines.000D.station_metres: must map at least two stations to their distance in metres",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {\"000D\": {\"kind\": \"distance\", \"station_metres\": {\"000A\": 0, \"000B\": 5}, \"bands\": [{\"up_to_metres\": 5, \"fare_fen\": 1}, {\"up_to_metres\": 4, \"fare_fen\": 2}]}}}| fare table: lines.000D.bands[1].up_to_metres: must be above the band before",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {\"000D\": {\"kind\": \"distance\", \"station_metres\": {\"000A\": 0, \"000B\": 5}, \"bands\": [{\"up_to_metres\": 5, \"fare_fen\": 1}]}}}| fare table: lines.000D.bands[0]: the last band has no up_to_metres: it covers every longer journey",
    "{\"version\": 1, \"operator\": \"X\", \"lines\": {\"000D\": {\"kind\": \"distance\", \"station_metres\": {\"000A\": 0, \"000B\": 5}, \"bands\": [{\"fare_fen\": 1}]}}}| fare table: missing_entry_fare_fen: a table with a distance line must say what an unpaired tap costs (missing_entry_fare_fen and missing_exit_fare_fen)",
    "{\"version\": 1, \"operator\": \"X\", " + OK_LINES + ", \"concessions\": {\"mw\": {\"percent_off\": 150}}}| fare table: concessions.mw.percent_off: must be a whole number from 0 to 100",
    "{\"version\": 1, \"operator\": \"X\", " + OK_LINES + ", \"concessions\": {\"mw\": {\"percent_off\": 50, \"union_funded\": \"yes\"}}}| fare table: concessions.mw.union_funded: must be true or false",
    "{\"version\": 1, \"operator\": \"X\", " + OK_LINES + ", \"transfer\": {\"window_minutes\": 0, \"discount_fen\": 1}}| fare table: transfer.window_minutes: must be a whole number from 1 to 1440",
    "{\"version\": 1, \"operator\": \"X\", " + OK_LINES + "| fare table: not JSON"
  })
  void refusedWithTheFieldAtFault(String json, String message) {
    if (message == null) {
      assertEquals(1, assertParses(json).version());
      return;
    }
    FareTableException e =
        assertThrows(FareTableException.class, () -> FareTable.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(message, e.getMessage().startsWith("fare table: not JSON") ? "fare table: not JSON" : e.getMessage());
  }

  static FareTable assertParses(String json) {
    try {
      return FareTable.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (FareTableException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}

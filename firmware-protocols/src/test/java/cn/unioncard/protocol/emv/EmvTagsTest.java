package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.Tag;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmvTagsTest {
  // Every tag the brief lists, plus those of shared/vectors/card-captures.md §2 and its captures V3-V12.
  private static final String[] REQUIRED = {
    "5A", "57", "5F20", "9F0B", "5F24", "5F25", "5F28", "5F30", "5F34", "82", "94", "8C", "8D", "8E", "8F",
    "90", "92", "9F32", "9F46", "9F47", "9F48", "9F49", "9F4A", "9F4B", "9F10", "9F26", "9F27", "9F36",
    "9F13", "9F79", "9F77", "9F78", "9F5D", "9F4D", "9F4F", "9F51", "DF4D", "DF4F", "DF61", "DF60", "DF69",
    "9F66", "9F6C", "9F02", "9F03", "9F1A", "95", "5F2A", "9A", "9F21", "9C", "9F37", "9F35", "9F33", "9F40",
    "9F4E", "9F6E", "9F7C", "9F08", "9F0C", "9F11", "9F12", "50", "87", "84", "4F", "88", "5F2D", "5F50",
    "9F38", "73", "61", "6F", "A5", "BF0C", "70", "77", "80", "9F45", "9F4C",
    // captures: CDOL2 8A/9B, CDOL1 9F34, V6 record 9F56/9F55, V6 edge cases 42/9F17
    "8A", "9B", "9F34", "9F56", "9F55", "42", "9F17"
  };

  @Test
  void knowsEveryTagATerminalMeets() {
    Set<Tag> seen = new HashSet<>();
    for (String hex : REQUIRED) {
      EmvTags.Definition d = EmvTags.definition(Tag.of(hex));
      assertNotNull(d, hex);
      assertTrue(d.minLength() <= d.maxLength(), hex);
      assertFalse(d.name().isEmpty(), hex);
      seen.add(d.tag());
    }
    assertEquals(REQUIRED.length, seen.size());
    for (EmvTags.Definition d : EmvTags.all()) {
      assertEquals(d, EmvTags.definition(d.tag()));
    }
  }

  @ParameterizedTest(name = "{0}")
  // EMV Book 3 Annex A1 formats and lengths; PBOC tags from JR/T 0025 tables as quoted in PBOC terminal code.
  @CsvSource({
    "5A, CN, 1, 10",
    "57, B, 1, 19",
    "5F20, ANS, 2, 26",
    "9F0B, ANS, 27, 45",
    "5F24, N, 3, 3",
    "5F2D, AN, 2, 8",
    "5F34, N, 1, 1",
    "82, B, 2, 2",
    "84, B, 5, 16",
    "8E, B, 10, 252",
    "9A, N, 3, 3",
    "9F02, N, 6, 6",
    "9F10, B, 1, 32",
    "9F1A, N, 2, 2",
    "9F26, B, 8, 8",
    "9F32, B, 1, 3",
    "9F4C, B, 2, 8",
    "9F4D, B, 2, 2",
    "9F79, N, 6, 6",
    "9F66, B, 4, 4",
    "DF4D, B, 2, 2",
    "DF69, B, 1, 1",
  })
  void formatsAndLengthsFollowTheDictionary(String tag, DataFormat format, int min, int max) {
    EmvTags.Definition d = EmvTags.definition(Tag.of(tag));
    assertEquals(format, d.format());
    assertEquals(min, d.minLength());
    assertEquals(max, d.maxLength());
  }

  @Test
  void unknownTagsAreBinaryOfAnyLength() throws DecodeException {
    Tag t = Tag.of(0xDF11);
    assertNull(EmvTags.definition(t));
    assertEquals(DataFormat.B, EmvTags.formatOf(t));
    EmvTags.checkLength(t, new byte[200]);
  }

  @Test
  void checkLengthNamesTheTag() throws DecodeException {
    EmvTags.checkLength(EmvTags.AIP, new byte[2]);
    DecodeException e =
        assertThrows(DecodeException.class, () -> EmvTags.checkLength(EmvTags.AIP, new byte[3]));
    assertEquals("82", e.tag());
    assertTrue(e.getMessage().contains("length 3 outside 2..2"), e.getMessage());
  }
}

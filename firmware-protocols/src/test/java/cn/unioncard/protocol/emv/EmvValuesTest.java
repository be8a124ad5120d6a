package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EmvValuesTest {

  @Test
  void amountsAreN12InFen() throws DecodeException {
    // V4 (shared/vectors/card-captures.md, binaryfoo GPO test): amount 000000001000 = 10.00
    assertEquals(1000L, EmvValues.amount(Hex.of("000000001000")));
    assertEquals(EmvValues.MAX_AMOUNT, EmvValues.amount(Hex.of("999999999999")));
    assertEquals("000000012345", Hex.encode(EmvValues.encodeAmount(12345)));
    assertThrows(DecodeException.class, () -> EmvValues.amount(Hex.of("00000000100A")));
    assertThrows(DecodeException.class, () -> EmvValues.amount(Hex.of("0000001000")));
    assertThrows(IllegalArgumentException.class, () -> EmvValues.encodeAmount(-1));
    assertThrows(IllegalArgumentException.class, () -> EmvValues.encodeAmount(EmvValues.MAX_AMOUNT + 1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "120315, 2012-03-15", // V4 transaction date
    "491231, 2049-12-31",
    "500101, 1950-01-01",
    "240229, 2024-02-29",
  })
  void transactionDatesUseTheEmvCenturyRule(String hex, String date) throws DecodeException {
    assertEquals(LocalDate.parse(date), EmvValues.transactionDate(Hex.of(hex)));
    assertEquals(hex, Hex.encode(EmvValues.encodeDate(LocalDate.parse(date))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"250229", "250431", "250001", "251301", "250100", "250132", "2501", "25013A"})
  void transactionDatesAreStrict(String hex) {
    assertThrows(DecodeException.class, () -> EmvValues.transactionDate(Hex.of(hex)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "251231, 2025-12-31",
    "251131, 2025-11-30", // issuers write 31 for every month: the month's last day
    "250231, 2025-02-28",
    "240230, 2024-02-29",
    "300615, 2030-06-15",
  })
  void expiryDayPastTheMonthEndMeansTheLastDay(String hex, String date) throws DecodeException {
    assertEquals(LocalDate.parse(date), EmvValues.expiryDate(Hex.of(hex)));
    assertEquals(LocalDate.parse(date), EmvValues.effectiveDate(Hex.of(hex)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"251100", "251132", "250031", "251331"})
  void expiryStillRefusesImpossibleFields(String hex) {
    assertThrows(DecodeException.class, () -> EmvValues.expiryDate(Hex.of(hex)));
  }

  @Test
  void timesAreHhmmss() throws DecodeException {
    assertEquals(LocalTime.of(23, 59, 58), EmvValues.transactionTime(Hex.of("235958")));
    assertEquals("081502", Hex.encode(EmvValues.encodeTime(LocalTime.of(8, 15, 2))));
    assertThrows(DecodeException.class, () -> EmvValues.transactionTime(Hex.of("240000")));
    assertThrows(DecodeException.class, () -> EmvValues.transactionTime(Hex.of("126000")));
    assertThrows(DecodeException.class, () -> EmvValues.transactionTime(Hex.of("1200")));
  }

  @Test
  void countersAreTwoBytesBinary() throws DecodeException {
    assertEquals(0x00E2, EmvValues.counter(Hex.of("00E2"))); // V5 ATC
    assertEquals(65535, EmvValues.counter(Hex.of("FFFF")));
    assertThrows(DecodeException.class, () -> EmvValues.counter(Hex.of("01")));
  }

  @Test
  void languagePreferenceIsAListOfTwoLetterCodes() throws DecodeException {
    assertEquals(Arrays.asList("zh"), EmvValues.languagePreference(Hex.of("7A68"))); // V3 "zh"
    assertEquals(Arrays.asList("zh", "en"), EmvValues.languagePreference("zhEN".getBytes()));
    for (String bad : new String[] {"7A", "7A6865", "", "7A687A687A687A687A68", "7A31"}) {
      assertThrows(DecodeException.class, () -> EmvValues.languagePreference(Hex.of(bad)), bad);
    }
  }

  @Test
  void currencyAndCountryCodesCarryNames() throws DecodeException {
    CurrencyCode cny = CurrencyCode.decode(Hex.of("0156"));
    assertEquals("CNY", cny.alpha());
    assertEquals(2, cny.minorUnits());
    assertEquals("Yuan Renminbi", cny.name());
    assertEquals(0, CurrencyCode.decode(Hex.of("0392")).minorUnits());
    assertEquals("AUD", CurrencyCode.decode(Hex.of("0036")).alpha()); // V4 currency
    assertEquals("TWD", CurrencyCode.of(901).alpha());
    CurrencyCode unknown = CurrencyCode.decode(Hex.of("0999"));
    assertTrue(!unknown.known() && unknown.alpha() == null && unknown.numeric() == 999);
    assertEquals("0156", Hex.encode(cny.encode()));
    assertThrows(DecodeException.class, () -> CurrencyCode.decode(Hex.of("1156")));
    assertThrows(DecodeException.class, () -> CurrencyCode.decode(Hex.of("015A")));
    assertThrows(DecodeException.class, () -> CurrencyCode.decode(Hex.of("015601")));

    assertEquals("CN", CountryCode.decode(Hex.of("0156")).alpha2());
    assertEquals("Macao", CountryCode.decode(Hex.of("0446")).name());
    assertEquals("TW", CountryCode.of(158).alpha2());
    assertEquals("DE", CountryCode.of(276).alpha2());
    assertEquals("AU", CountryCode.decode(Hex.of("0036")).alpha2());
    for (int code : new int[] {156, 344, 446, 840, 978, 392, 410, 36, 826, 901, 702}) {
      assertTrue(CurrencyCode.of(code).known(), "currency " + code);
    }
    for (int code : new int[] {156, 344, 446, 158, 840, 36, 826, 392, 410, 702, 250, 276}) {
      assertTrue(CountryCode.of(code).known(), "country " + code);
    }
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void amountsDatesAndTimesRoundTrip(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    long amount = (long) (rnd.nextDouble() * EmvValues.MAX_AMOUNT);
    assertEquals(amount, EmvValues.amount(EmvValues.encodeAmount(amount)));
    LocalDate d = LocalDate.of(1950, 1, 1).plusDays(rnd.nextInt(36524));
    assertEquals(d, EmvValues.transactionDate(EmvValues.encodeDate(d)));
    LocalTime t = LocalTime.ofSecondOfDay(rnd.nextInt(86400));
    assertEquals(t, EmvValues.transactionTime(EmvValues.encodeTime(t)));
    byte[] junk = Seeds.bytes(rnd, 8);
    try {
      EmvValues.expiryDate(junk);
    } catch (DecodeException expected) {
      // fine
    }
    assertArrayEquals(EmvValues.encodeAmount(amount), Hex.of(String.format("%012d", amount)));
  }
}

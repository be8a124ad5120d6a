package cn.unioncard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one rounding rule (half up to the fen) and the one way to write an amount. */
class MoneyTest {
  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /** percentOf agrees with exact decimal arithmetic rounded half up, for any amount up to 10^12 fen. */
  @ParameterizedTest
  @MethodSource("seeds")
  void percentOfIsExactArithmeticRoundedHalfUp(long seed) {
    Random r = new Random(seed);
    long fen = seed < 20 ? seed : (long) (r.nextDouble() * 1_000_000_000_000L);
    int percent = r.nextInt(101);
    long exact = BigDecimal.valueOf(fen).multiply(BigDecimal.valueOf(percent))
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValueExact();
    assertEquals(exact, Money.percentOf(fen, percent), fen + " fen at " + percent + "%");
  }

  @Test
  void halfAFenRoundsUp() {
    assertEquals(1, Money.percentOf(1, 50));
    assertEquals(0, Money.percentOf(1, 49));
    assertEquals(4850, Money.percentOf(9700, 50));
  }

  @Test
  void yuanHasTwoDecimalsAndASign() {
    assertEquals("97.00", Money.yuan(9700));
    assertEquals("0.05", Money.yuan(5));
    assertEquals("-3.00", Money.yuan(-300));
    assertEquals("0.00", Money.yuan(0));
    assertEquals("92233720368547758.07", Money.yuan(Long.MAX_VALUE));
  }
}

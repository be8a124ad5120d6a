package cn.unioncard.agent.checkout;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded: for each seed a card of a bundled profile spoils about one answer in five (a bit flipped, cut short, a
 * bare status word, arbitrary bytes); the kernel ends in a well-formed decision or a TransportException. A failing
 * seed replays exactly.
 */
class UnionPayKernelPropertyTest {
  static IntStream seeds() {
    return IntStream.range(0, 400);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aCardSpoilingItsAnswersGetsADecisionOrTheCardIsGone(int seed) {
    Random r = new Random(seed);
    HostileCard.purchase(bound -> bound <= 1 ? 0 : r.nextInt(bound), 30);
  }
}

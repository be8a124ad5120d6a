package cn.unioncard.agent.checkout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: the fuzzer's bytes choose, answer by answer, how a card spoils its genuine answers (and the
 * profile, the purchase and the issuer's answer). The kernel must end in a well-formed decision or a
 * TransportException, nothing else.
 */
class UnionPayKernelFuzzTest {
  @FuzzTest
  void hostileCard(byte[] input) {
    int[] at = {0};
    HostileCard.purchase(bound -> {
      if (bound <= 1 || at[0] >= input.length) {
        return 0;
      }
      int v = input[at[0]++] & 0xFF;
      if (bound > 256 && at[0] < input.length) {
        v = (v << 8) | (input[at[0]++] & 0xFF);
      }
      return v % bound;
    }, 7);
  }
}

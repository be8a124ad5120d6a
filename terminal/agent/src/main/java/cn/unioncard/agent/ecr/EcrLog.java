package cn.unioncard.agent.ecr;

import cn.unioncard.protocol.emv.Pan;

/**
 * What the ECR link writes to its log. The message set has no field for a PAN, but register-supplied text
 * (item names, references) could carry one: any run of 12 to 19 digits is masked like a PAN
 * ({@link Pan#masked()}) before it is logged.
 */
public final class EcrLog {
  private EcrLog() {}

  /** {@code text} with every run of 12–19 digits masked (first six and last four kept, as Pan.masked()). */
  public static String redact(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        int j = i;
        while (j < text.length() && text.charAt(j) >= '0' && text.charAt(j) <= '9') {
          j++;
        }
        String run = text.substring(i, j);
        out.append(run.length() >= 12 && run.length() <= 19 ? mask(run) : run);
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String mask(String digits) {
    try {
      return Pan.parse(digits).masked();
    } catch (Exception e) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < digits.length(); k++) {
        sb.append(k < digits.length() - 4 ? '*' : digits.charAt(k));
      }
      return sb.toString();
    }
  }
}

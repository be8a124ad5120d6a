package cn.unioncard.app;

/** Placeholder; replaced by the picocli command line. */
public final class Ucard {
  private Ucard() {}

  public static void main(String[] args) {
    System.out.println("ucard");
  }
}

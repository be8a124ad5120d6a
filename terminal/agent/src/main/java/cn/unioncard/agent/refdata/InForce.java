package cn.unioncard.agent.refdata;

import java.util.function.Supplier;

/**
 * A value in force that the reference-data sync replaces at run time (a fare table, a hotlist, the terminal
 * parameters), with where it came from ({@code defaults}, {@code file}, {@code signed v7}). Readers take it once per
 * transaction; a replacement is one volatile write, so a transaction in progress keeps what it started with.
 */
public final class InForce<T> implements Supplier<T> {
  private static final class Held<T> {
    final T value;
    final String source;

    Held(T value, String source) {
      this.value = value;
      this.source = source;
    }
  }

  private volatile Held<T> held;

  /** Starts with {@code initial} (may be null: nothing yet) from {@code source}. */
  public InForce(T initial, String source) {
    this.held = new Held<>(initial, source);
  }

  /** The value in force, or null when there is none yet. */
  @Override
  public T get() {
    return held.value;
  }

  /** Where the value in force came from. */
  public String source() {
    return held.source;
  }

  /** Replaces the value in force. */
  public void set(T value, String source) {
    this.held = new Held<>(value, source);
  }
}

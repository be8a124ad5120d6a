package cn.unioncard.pcsc;

/**
 * Told of reader events, on the adapter's watcher thread, in the order they happened. Keep it short (hand the work
 * to another thread): the watcher notices nothing else while it runs. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface ReaderListener {
  void onEvent(ReaderEvent event);
}

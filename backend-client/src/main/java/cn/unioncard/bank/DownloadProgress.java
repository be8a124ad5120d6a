package cn.unioncard.bank;

/**
 * Told how far a long answer's body has arrived (a reference document of megabytes): called on the calling thread
 * about every {@link #STEP} bytes as they are read from the connection, and once at the end. An attempt that is
 * retried starts again from 0.
 */
@FunctionalInterface
public interface DownloadProgress {
  /** Bytes between two reports. */
  long STEP = 1024 * 1024;

  /**
   * @param bytesRead the body's bytes read so far
   * @param contentLength the body's length as announced, or -1 when not announced (chunked)
   * @param done whether the body is complete
   */
  void progress(long bytesRead, long contentLength, boolean done);
}

package dev.pipeline.delivery.source;

/** The daemon thread a source reader runs on: started under the reader's name, stopped by interrupting it. */
public final class ReaderThreads {

    /** How long a stopping reader may take to end: one call of its source that was under way. */
    private static final long STOP_WAIT_MILLIS = 5000;

    private ReaderThreads() {
    }

    public static Thread start(String name, Runnable reader) {
        Thread thread = new Thread(reader, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Interrupts the reader's thread (null: never started) and waits a while for it to end. */
    public static void stop(Thread thread) {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.pipeline.support.concurrent;

import java.util.concurrent.ThreadFactory;

/** Threads for the services' own background loops: named for thread dumps, daemons so they never hold up shutdown. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

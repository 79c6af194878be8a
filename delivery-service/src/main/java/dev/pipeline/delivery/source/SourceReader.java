package dev.pipeline.delivery.source;

/** A reader of one source running on its own thread until closed. */
public interface SourceReader extends AutoCloseable {

    void start();

    @Override
    void close();
}

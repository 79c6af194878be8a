package dev.pipeline.tools.bench;

import java.nio.file.Path;

/**
 * The nginx configuration of the fan-out peer: nginx with the nchan module, one worker, one in-memory channel that
 * events are published to by POST and read from as an EventSource stream (it honours Last-Event-ID), keeping the
 * last {@code bufferLength} messages; everything nginx writes stays under {@code prefix}.
 */
public final class NchanConfig {

    /** Where the bench publishes events. */
    public static final String PUBLISH_PATH = "/pub";
    /** Where subscribers read the stream. */
    public static final String SUBSCRIBE_PATH = "/sub";

    private NchanConfig() {
    }

    public static String render(int port, Path prefix, Path module, int bufferLength) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (bufferLength < 1) {
            throw new IllegalArgumentException("bufferLength must be positive");
        }
        String dir = prefix.toAbsolutePath().normalize().toString();
        return """
                load_module %2$s;
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {
                    worker_connections 8192;
                }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%3$d;
                        location = %5$s {
                            nchan_publisher;
                            nchan_channel_id fanout;
                            nchan_message_buffer_length %4$d;
                        }
                        location = %6$s {
                            nchan_subscriber eventsource;
                            nchan_channel_id fanout;
                            nchan_message_buffer_length %4$d;
                        }
                    }
                }
                """.formatted(dir, module.toAbsolutePath().normalize(), port, bufferLength, PUBLISH_PATH, SUBSCRIBE_PATH);
    }
}

package dev.pipeline.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class NchanConfigTest {

    private static final Path PREFIX = Path.of("/tmp/bench-state/nchan");
    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");

    private final String config = NchanConfig.render(8089, PREFIX, MODULE, 1000);

    @Test
    void publishesAndSubscribesOnOneInMemoryChannelAsAnEventSource() {
        assertEquals(List.of("fanout", "fanout"), all("nchan_channel_id (\\S+);"));
        assertEquals(List.of("1000", "1000"), all("nchan_message_buffer_length (\\d+);"));
        assertTrue(config.contains("location = /pub {\n            nchan_publisher;"), config);
        assertTrue(config.contains("location = /sub {\n            nchan_subscriber eventsource;"), config);
        assertEquals(List.of("127.0.0.1:8089"), all("listen (\\S+);"));
    }

    @Test
    void loadsTheModuleAndRunsOneWorkerInTheForegroundWithEveryFileUnderItsDirectory() {
        assertTrue(config.startsWith("load_module " + MODULE + ";\n"), "load_module must come first");
        assertEquals(List.of("1"), all("worker_processes (\\d+);"));
        assertEquals(List.of("off"), all("daemon (\\w+);"));
        for (String path : all("(?:pid|error_log|_temp_path) (/\\S+?)[; ]")) {
            assertTrue(path.startsWith(PREFIX + "/"), path);
        }
        assertEquals(7, all("(?:pid|error_log|_temp_path) (/\\S+?)[; ]").size());
    }

    @Test
    void bracesBalance() {
        assertEquals(config.chars().filter(c -> c == '{').count(), config.chars().filter(c -> c == '}').count());
    }

    @Test
    void refusesAPortOrBufferThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> NchanConfig.render(0, PREFIX, MODULE, 1000));
        assertThrows(IllegalArgumentException.class, () -> NchanConfig.render(70000, PREFIX, MODULE, 1000));
        assertThrows(IllegalArgumentException.class, () -> NchanConfig.render(8089, PREFIX, MODULE, 0));
    }

    private List<String> all(String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(config);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}

package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class StringPoolTest {

    @Test
    void equalStringsShareOneInstanceUntilThePoolIsFull() {
        StringPool pool = new StringPool(2);
        String type = pool.share(new String("order.created"));
        assertSame(type, pool.share(new String("order.created")));
        pool.share("kafka/0");
        String third = new String("kafka/1");
        assertSame(third, pool.share(third), "returned as it is");
        assertNotSame(third, pool.share(new String("kafka/1")), "not pooled: the pool is full");
        assertNull(pool.share(null));
    }
}

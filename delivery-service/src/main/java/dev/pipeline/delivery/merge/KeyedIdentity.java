package dev.pipeline.delivery.merge;

import dev.pipeline.envelope.CloudEvent;

/**
 * An event identity (source + id) as a hash-table key whose hash is keyed ({@link SipHash}, a key per process):
 * ids crafted to collide under {@link String#hashCode} spread like any others, so lookups stay short under the merge's
 * lock whatever producers send. The 64-bit hash is computed once per event and serves every table that needs one.
 */
record KeyedIdentity(String source, String id, long hash) {

    private static final SipHash HASH = SipHash.randomlyKeyed();

    static KeyedIdentity of(CloudEvent.EventIdentity identity) {
        return of(identity.source(), identity.id());
    }

    static KeyedIdentity of(String source, String id) {
        return new KeyedIdentity(source, id, HASH.hash(source, id));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyedIdentity that && hash == that.hash && id.equals(that.id) && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ hash >>> 32);
    }
}

package dev.pipeline.delivery.merge;

import dev.pipeline.envelope.CloudEvent;

/**
 * An event identity (source + id) as a hash-table key whose hash is keyed ({@link SipHash}, a key per process):
 * ids crafted to collide under {@link String#hashCode} spread like any others, so lookups stay short under the merge's
 * lock whatever producers send.
 */
record KeyedIdentity(String source, String id, int hash) {

    private static final SipHash HASH = SipHash.randomlyKeyed();

    static KeyedIdentity of(CloudEvent.EventIdentity identity) {
        long hash = HASH.hash(identity.source(), identity.id());
        return new KeyedIdentity(identity.source(), identity.id(), (int) (hash ^ hash >>> 32));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyedIdentity that && hash == that.hash && id.equals(that.id) && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}

package dev.pipeline.delivery.partner;

import java.util.List;

import dev.pipeline.delivery.merge.FeedAttributes;

/**
 * What one connection receives: the partner's entitled events narrowed by its type and subject filters. Asked per
 * event per connection, so it allocates nothing.
 */
public record Subscription(Partner partner, List<TypePattern> types, String subjectPrefix) {

    public boolean accepts(FeedAttributes event) {
        if (!partner.entitledTo(event)) {
            return false;
        }
        if (!types.isEmpty() && !Partner.anyMatches(types, event.type())) {
            return false;
        }
        return subjectPrefix == null || event.subject() != null && event.subject().startsWith(subjectPrefix);
    }
}

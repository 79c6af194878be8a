package dev.pipeline.router;

/** The service credential tests present to the write API; its hash is %test.router.internal-api.token-hashes. */
public final class InternalApi {

    public static final String TOKEN = "test-internal-token";
    public static final String AUTHORIZATION = "Bearer " + TOKEN;

    private InternalApi() {
    }
}

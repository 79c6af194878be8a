package dev.pipeline.ingest.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Two {@link StubRouter}s named to ingest as a router list ({@code ingest.router.urls}). */
public class StubRouterFleet implements QuarkusTestResourceLifecycleManager {

    private final StubRouter first = new StubRouter();
    private final StubRouter second = new StubRouter();

    @Override
    public Map<String, String> start() {
        first.start();
        second.start();
        return Map.of("ingest.router.urls", first.url() + "," + second.url(),
                "ingest.router.url", "http://127.0.0.1:9");
    }

    @Override
    public void stop() {
        first.stop();
        second.stop();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this,
                new TestInjector.AnnotatedAndMatchesType(InjectStubRouter.class, StubRouterFleet.class));
    }

    public StubRouter first() {
        return first;
    }

    public StubRouter second() {
        return second;
    }

    public List<StubRouter> both() {
        return List.of(first, second);
    }
}

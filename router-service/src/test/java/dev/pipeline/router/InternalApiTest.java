package dev.pipeline.router;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The write API answers 401 problem+json without the service credential, and handles the request with it. */
@QuarkusTest
@TestProfile(RouterKinesisPathTest.PinnedToKinesis.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "router.kinesis"))
class InternalApiTest {

    private static final byte[] BATCH = CloudEventJson.writeBatch(List.of(CloudEventJson.parse(
            "{\"specversion\":\"1.0\",\"id\":\"auth-1\",\"source\":\"/internal-api-test\",\"type\":\"t\"}")));

    @Test
    void writesWithoutTheServiceCredentialAreRefusedWith401() {
        given().contentType(CloudEventJson.BATCH_MEDIA_TYPE).body(BATCH)
                .when().post("/v1/events")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"router-internal\""))
                .body("type", equalTo("https://pipeline.dev/problems/unauthorized"));
    }

    @Test
    void writesWithAnotherTokenAreRefusedWith401() {
        for (String authorization : List.of("Bearer test-admin-token", "Bearer " + InternalApi.TOKEN + "x",
                "Basic " + InternalApi.TOKEN)) {
            given().header("Authorization", authorization).contentType(CloudEventJson.BATCH_MEDIA_TYPE).body(BATCH)
                    .when().post("/v1/events")
                    .then().statusCode(401).body("type", equalTo("https://pipeline.dev/problems/unauthorized"));
        }
    }

    @Test
    void writesWithTheServiceCredentialReachTheWriteApi() {
        // an empty batch stores nothing: the stream stays as the other tests sharing the emulator expect it
        given().header("Authorization", InternalApi.AUTHORIZATION).contentType(CloudEventJson.BATCH_MEDIA_TYPE).body("[]")
                .when().post("/v1/events")
                .then().statusCode(200).body("events", equalTo(0));
        given().header("Authorization", "bearer " + InternalApi.TOKEN).contentType(CloudEventJson.MEDIA_TYPE)
                .body("{\"specversion\":\"1.0\"")
                .when().post("/v1/events")
                .then().statusCode(400).body("type", equalTo("https://pipeline.dev/problems/invalid-event"));
    }

    @Test
    void theOperatorsReadApiNeedsNoServiceCredential() {
        given().when().get("/v1/routing").then().statusCode(200);
    }
}

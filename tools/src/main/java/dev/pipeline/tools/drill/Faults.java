package dev.pipeline.tools.drill;

/** The faults a drill injects into a running pipeline; an environment supports what it can and refuses the rest. */
public interface Faults {

    /** Suspends the Kinesis endpoint (SIGSTOP): connections stay open, nothing answers. */
    void freezeKinesis();

    /** Resumes a frozen Kinesis endpoint (SIGCONT). */
    void thawKinesis();

    /** Kinesis takes every call and does the work, but answers nothing. */
    default void silenceKinesis() {
        throw new UnsupportedOperationException("silencing Kinesis is not supported here");
    }

    /** Kinesis answers again (connections waiting for a dropped answer are reset). */
    default void unsilenceKinesis() {
        throw new UnsupportedOperationException("silencing Kinesis is not supported here");
    }

    /** Takes the Kinesis endpoint down: connections are refused; what it stored survives, as the service's does. */
    default void stopKinesis() {
        throw new UnsupportedOperationException("stopping Kinesis is not supported here");
    }

    /** Starts the Kinesis endpoint again after {@link #stopKinesis()}. */
    default void startKinesis() {
        throw new UnsupportedOperationException("starting Kinesis is not supported here");
    }

    /** Slows every Kinesis call (a brownout), a share of them by a long tail on top; {@link #healKinesis()} ends it. */
    default void brownoutKinesis() {
        throw new UnsupportedOperationException("a Kinesis brownout is not supported here");
    }

    /** Answers a share of Kinesis calls with a server error (InternalFailure); {@link #healKinesis()} ends it. */
    default void failKinesisCalls() {
        throw new UnsupportedOperationException("Kinesis errors are not supported here");
    }

    /** Ends a brownout or an error episode: every Kinesis call passes untouched again. */
    default void healKinesis() {
        throw new UnsupportedOperationException("healing Kinesis is not supported here");
    }

    /** Makes the Kafka broker unavailable. */
    default void stopKafka() {
        throw new UnsupportedOperationException("stopping Kafka is not supported here");
    }

    /** Makes the Kafka broker available again. */
    default void startKafka() {
        throw new UnsupportedOperationException("starting Kafka is not supported here");
    }

    /** Makes the Kafka broker hang (SIGSTOP). */
    default void freezeKafka() {
        throw new UnsupportedOperationException("freezing Kafka is not supported here");
    }

    /** Makes a hung Kafka broker go on (SIGCONT). */
    default void thawKafka() {
        throw new UnsupportedOperationException("thawing Kafka is not supported here");
    }

    /** Kills the router (SIGKILL). */
    default void killRouter() {
        throw new UnsupportedOperationException("killing the router is not supported here");
    }

    /** Starts the router again and waits until it is ready. */
    default void startRouter() {
        throw new UnsupportedOperationException("starting the router is not supported here");
    }

    /** Kills the delivery service (SIGKILL). */
    default void killDelivery() {
        throw new UnsupportedOperationException("killing delivery is not supported here");
    }

    /** Starts the delivery service again and waits until it is ready. */
    default void startDelivery() {
        throw new UnsupportedOperationException("starting delivery is not supported here");
    }

    /** Stops each router in turn with SIGTERM (a rollout's stop), starts it again and waits until it is ready. */
    default void restartRoutersInTurn() {
        throw new UnsupportedOperationException("restarting routers in turn is not supported here");
    }

    /** Stops each delivery replica in turn with SIGTERM, starts it again and waits until it is ready. */
    default void restartDeliveriesInTurn() {
        throw new UnsupportedOperationException("restarting delivery replicas in turn is not supported here");
    }

    /** {@code PUT /v1/routing/override} through one router: {@code mode} ("kafka", "auto", ...) with reason "drill". */
    default void overrideFleet(String mode) {
        throw new UnsupportedOperationException("the routing override is not supported here");
    }
}

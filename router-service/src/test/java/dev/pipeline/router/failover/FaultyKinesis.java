package dev.pipeline.router.failover;

import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.TcpFaultProxy;

/** The Kinesis emulator behind a fault proxy: freeze the emulator for a hang, refuse at the proxy for errors. */
public record FaultyKinesis(KinesisEmulator emulator, TcpFaultProxy proxy) {
}

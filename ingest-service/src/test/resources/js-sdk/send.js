// Sends one event built by the CloudEvents JavaScript SDK to ingest and prints the answer as one JSON line.
// Usage: node send.js <ingest base URL> <producer key> <binary|structured> <event id>
const { CloudEvent, HTTP } = require("cloudevents");

async function main() {
  const [url, key, mode, id] = process.argv.slice(2);
  const event = new CloudEvent({
    id,
    source: "urn:sdk:js",
    type: "dev.pipeline.sdk.js",
    subject: "js-" + id,
    datacontenttype: "application/json",
    data: { mode, values: [1, 2.5, "three"] },
    tenant: "green",
  });
  const message = mode === "binary" ? HTTP.binary(event) : HTTP.structured(event);
  const response = await fetch(new URL("/v1/events", url), {
    method: "POST",
    headers: { ...message.headers, Authorization: "Bearer " + key },
    body: typeof message.body === "string" ? message.body : JSON.stringify(message.body),
  });
  console.log(JSON.stringify({ status: response.status, body: await response.text() }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

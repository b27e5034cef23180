import { createServer, type Server } from "node:http";
import { serveMetrics } from "./metrics-endpoint";
import { PEER_HEADER } from "./metrics";

/**
 * The metrics of a worker process (`npm run worker`, which has no web server): GET /metrics on its own port,
 * guarded as the web's (lib/ops/metrics-endpoint.ts): with a token, the bearer token; without, loopback only,
 * judged by the socket's own address (no proxy stands in front of this port, so no header is believed).
 */
export function startWorkerMetricsServer(port: number, opts: { token: string | undefined; host?: string }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const headers = new Headers();
    const auth = req.headers.authorization;
    if (auth) headers.set("authorization", auth);
    headers.set(PEER_HEADER, req.socket.remoteAddress ?? "");
    void serveMetrics(new Request(`http://localhost${path}`, { headers }), { token: opts.token, trustProxy: false, peerKnown: true }).then(
      async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(Buffer.from(await answer.arrayBuffer()));
      },
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, opts.host ?? "0.0.0.0", () => resolve(server));
  });
}

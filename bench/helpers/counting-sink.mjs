// A minimal SMTP sink in its own process for benchmarks: accepts everything, keeps only a count.
// Prints "READY <port>" once listening; prints "COUNT <n>" on each "count" line read from stdin.
import { createInterface } from "node:readline";
import { SMTPServer } from "smtp-server";

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  size: 20 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      count += 1;
      callback(null, `queued as ${count}`);
    });
  },
});
// Answer without Nagle's delay, so the sink is not the bottleneck of either side of the comparison.
server.server.on("connection", (socket) => socket.setNoDelay(true));
server.listen(0, "127.0.0.1", () => console.log(`READY ${server.server.address().port}`));
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "count") console.log(`COUNT ${count}`);
  if (line.trim() === "quit") server.close(() => process.exit(0));
});

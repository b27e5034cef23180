import { config } from "zod/v4/core";

// The pages' CSP forbids eval (proxy.ts). zod probes for it with `new Function("")` the first time it parses
// an object, and the browser reports that refused probe as a CSP violation even though zod catches it:
// tell zod up front to parse without its compiled fast path.
config({ jitless: true });

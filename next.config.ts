import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a WASM build and data files that must be loaded from node_modules at run time,
  // pdfkit reads its font metrics from disk: bundling either breaks them.
  serverExternalPackages: ["@electric-sql/pglite", "pdfkit", "postgres", "node-forge", "@signpdf/signpdf", "@signpdf/signer-p12", "@signpdf/placeholder-plain", "@signpdf/utils", "@resvg/resvg-js"],
  // STANZA_STANDALONE=1 (the Dockerfile, CI, `npm test`'s own build): also `.next/standalone`, a server.js with only
  // the node_modules it needs, what the container runs. Off by default: `next start` (npm start, npm run demo) works
  // on either build, but on a standalone one it prints a warning that it "does not work", which would mislead.
  output: process.env.STANZA_STANDALONE === "1" ? "standalone" : undefined,
  // Files read at run time by path, which the build's tracing cannot see: the migrations (db/client.ts opens them
  // from the working directory), PGlite's WebAssembly, data and extension bundles, pdfkit's font metrics, and
  // resvg's native binary.
  outputFileTracingIncludes: {
    "/**": [
      "./db/migrations/**",
      "./node_modules/@electric-sql/pglite/dist/**/*.{wasm,data,tar.gz,js,cjs}",
      "./node_modules/pdfkit/js/data/**",
      "./node_modules/@resvg/**/*.node",
    ],
  },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden(): a signed-in user without the role gets a real 403 page, not a 200.
  experimental: { authInterrupts: true },
};

export default nextConfig;

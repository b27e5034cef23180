import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a WASM build and data files that must be loaded from node_modules at run time,
  // pdfkit reads its font metrics from disk: bundling either breaks them.
  serverExternalPackages: ["@electric-sql/pglite", "pdfkit", "postgres", "node-forge", "@signpdf/signpdf", "@signpdf/signer-p12", "@signpdf/placeholder-plain", "@signpdf/utils", "@resvg/resvg-js"],
  // `.next/standalone`: a server.js with only the node_modules it needs, what the container runs (Dockerfile).
  // `next start` (npm start, the end-to-end tests) keeps working on the same build; it only prints a warning.
  output: "standalone",
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

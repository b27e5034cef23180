import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a WASM build and data files that must be loaded from node_modules at run time,
  // pdfkit reads its font metrics from disk: bundling either breaks them.
  serverExternalPackages: ["@electric-sql/pglite", "pdfkit", "postgres", "node-forge", "@signpdf/signpdf", "@signpdf/signer-p12", "@signpdf/placeholder-plain", "@signpdf/utils", "@resvg/resvg-js"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden(): a signed-in user without the role gets a real 403 page, not a 200.
  experimental: { authInterrupts: true },
};

export default nextConfig;

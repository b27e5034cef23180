import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import stanza from "./eslint/pratica-status.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "db/migrations/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // import/* rules read the files an import resolves to; packages are never part of a cycle or a layer, and
    // parsing their bundles (PGlite's) is slow.
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          basePath: import.meta.dirname,
          zones: [
            { target: "./lib", from: ["./app", "./components"], message: "lib/ is the domain: it never imports routes or UI." },
            { target: "./db/schema", from: "./lib", message: "db/schema is the bottom layer: it never imports lib/." },
            { target: "./components", from: "./db", message: "components/ never import db/: take the fields you show as props, or a type from lib/." },
          ],
        },
      ],
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // Invariant 1 (docs/architecture.md): a pratica's status is written only in lib/workflow. Tests and benchmarks
    // are left out: they seed rows directly (thousands at once in bench/) and one test simulates a row changed
    // outside the workflow.
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"],
    ignores: ["lib/workflow/**", "tests/**", "bench/**", "e2e/**"],
    plugins: { stanza },
    rules: { "stanza/pratica-status-in-workflow": "error" },
  },
];

export default config;

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
  {
    // One text mechanism (lib/i18n, docs/development.md "Texts"): no language tests and no { it, en } pairs outside it.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "emails/**/*.{ts,tsx}", "scripts/**/*.{ts,mjs}", "db/**/*.ts", "proxy.ts"],
    ignores: ["lib/i18n/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "BinaryExpression[operator=/^[!=]==?$/][right.value=/^(it|en)$/], BinaryExpression[operator=/^[!=]==?$/][left.value=/^(it|en)$/]",
          message: "Do not branch on the language: put the words in a lib/i18n message file and read them with getT/useT (or LOCALE[lang], otherLang(lang), isLang()).",
        },
        {
          selector: "ObjectExpression:has(> Property[key.name='it']):has(> Property[key.name='en'])",
          message: "Italian/English pairs belong in a lib/i18n message file (defineMessages), read with getT/useT.",
        },
      ],
    },
  },
];

export default config;

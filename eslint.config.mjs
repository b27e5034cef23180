import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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

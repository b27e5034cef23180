import type { ESLint } from "eslint";

declare const plugin: ESLint.Plugin;
export default plugin;
export declare function sqlWritesStatus(text: string): "insert" | "update" | null;

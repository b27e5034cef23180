import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The partner API's routes as the files under app/api/v1.0 declare them, read from disk: a test that compares them
 * with the OpenAPI document or with the handlers' answers needs no hand-kept list, so a new route file is checked
 * the day it is added.
 */
export const API_ROOT = path.resolve(import.meta.dirname, "../../app/api/v1.0");
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type ApiRouteFile = {
  file: string;
  /** The URL as the OpenAPI document writes it: `[partner]` → `{partner}`. */
  path: string;
  /** Methods the file implements: exported by name (`export const GET = …`, `export function GET`), not by `otherMethods`. */
  served: HttpMethod[];
  /** Methods the file hands to `otherMethods(…)` (its 405 answers), and the list it passes as the allowed ones. */
  refused: string[];
  otherMethodsAllowed: string[] | null;
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? routeFiles(path.join(dir, d.name)) : d.name === "route.ts" ? [path.join(dir, d.name)] : []))
    .sort();
}

const isMethod = (name: string): name is HttpMethod => (HTTP_METHODS as readonly string[]).includes(name);
const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function readRoute(file: string): Omit<ApiRouteFile, "file" | "path"> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const served: HttpMethod[] = [];
  const refused: string[] = [];
  let otherMethodsAllowed: string[] | null = null;
  for (const stmt of source.statements) {
    if (!exported(stmt)) continue;
    if (ts.isFunctionDeclaration(stmt) && stmt.name && isMethod(stmt.name.text)) served.push(stmt.name.text);
    if (!ts.isVariableStatement(stmt)) continue;
    for (const decl of stmt.declarationList.declarations) {
      if (ts.isIdentifier(decl.name)) {
        if (isMethod(decl.name.text)) served.push(decl.name.text);
        continue;
      }
      const init = decl.initializer;
      if (ts.isObjectBindingPattern(decl.name) && init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "otherMethods") {
        for (const el of decl.name.elements) if (ts.isIdentifier(el.name)) refused.push(el.name.text);
        const list = init.arguments[0];
        otherMethodsAllowed = list && ts.isArrayLiteralExpression(list) ? list.elements.map((e) => (ts.isStringLiteral(e) ? e.text : e.getText(source))) : [];
      }
    }
  }
  return { served: HTTP_METHODS.filter((m) => served.includes(m)), refused, otherMethodsAllowed };
}

/** Every route file under app/api/v1.0 but the catch-all (`[[...rest]]`, which serves no path of its own). */
export function apiRouteFiles(): ApiRouteFile[] {
  return routeFiles(API_ROOT)
    .filter((file) => !file.includes("[[..."))
    .map((file) => {
      const rel = path.relative(API_ROOT, path.dirname(file)).split(path.sep).join("/");
      const url = `/api/v1.0${rel ? `/${rel}` : ""}`.replace(/\[([A-Za-z]+)\]/g, "{$1}");
      return { file, path: url, ...readRoute(file) };
    });
}

/**
 * `stanza/pratica-status-in-workflow`: only lib/workflow writes a pratica's status (docs/architecture.md,
 * invariant 1). eslint.config.mjs turns it on everywhere except lib/workflow itself and the test and benchmark
 * fixtures. It refuses, in drizzle:
 *   - any `insert(pratiche)`: a pratica is born as a draft by `insertDraft` (lib/workflow/draft.ts), so an insert
 *     anywhere else would set its first status;
 *   - `update(pratiche).set(x)` when `x` names `status`, or when the rule cannot see what `x` holds (a variable,
 *     a spread, a computed key): write the other columns as an object literal;
 * and in SQL text (a `sql` template or a plain string): `INSERT INTO pratiche`, and `UPDATE pratiche SET … status =`.
 * Table and column inside a template (`${pratiche}`, `${pratiche.status}`) are read as their names.
 */

const TABLE = "pratiche";

/** The SQL that writes a status: an insert into the table, or an update whose SET list assigns `status`. */
function sqlWritesStatus(text) {
  if (new RegExp(`\\binsert\\s+into\\s+(?:"?\\w+"?\\.)?"?${TABLE}"?(?![\\w"])`, "i").test(text)) return "insert";
  const update = new RegExp(`\\bupdate\\s+(?:only\\s+)?(?:"?\\w+"?\\.)?"?${TABLE}"?(?:\\s+(?:as\\s+)?\\w+)?\\s+set\\b([\\s\\S]*?)(?:\\bwhere\\b|\\breturning\\b|\\bfrom\\b|;|$)`, "gi");
  for (const m of text.matchAll(update)) {
    if (/(?:^|[\s,(.])"?status"?\s*=/i.test(m[1] ?? "")) return "update";
  }
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
const praticaStatusInWorkflow = {
  meta: {
    type: "problem",
    docs: { description: "Only lib/workflow writes a pratica's status (inserts a pratica, or updates its status)." },
    schema: [],
    messages: {
      insert: "A pratica is inserted only by insertDraft (lib/workflow/draft.ts), which sets its first status.",
      setStatus: "Only lib/workflow writes a pratica's status: change it with transition() (lib/workflow/transition.ts).",
      setUnknown: "Write pratiche columns as an object literal without `status` (a variable, spread or computed key may hold one); status changes go through transition().",
      sql: "SQL that writes pratiche.status (or inserts a pratica) belongs in lib/workflow: use transition() or insertDraft().",
    },
  },
  create(context) {
    /** Local names bound to the table: `pratiche`, or an alias from `import { pratiche as p }`. */
    const tableNames = new Set([TABLE]);

    const isTable = (node) =>
      (node?.type === "Identifier" && tableNames.has(node.name)) ||
      (node?.type === "MemberExpression" && !node.computed && node.property.type === "Identifier" && node.property.name === TABLE);

    const isStatusColumn = (node) =>
      node?.type === "MemberExpression" && !node.computed && isTable(node.object) && node.property.type === "Identifier" && node.property.name === "status";

    const calls = (node, method) =>
      node?.type === "CallExpression" &&
      node.callee.type === "MemberExpression" &&
      !node.callee.computed &&
      node.callee.property.type === "Identifier" &&
      node.callee.property.name === method;

    /** `.set(…)` on a chain that starts with `.update(pratiche)`. */
    const updatesTable = (setCall) => {
      let node = setCall.callee.object;
      while (node) {
        if (calls(node, "update") && isTable(node.arguments[0])) return true;
        if (node.type === "CallExpression") node = node.callee;
        else if (node.type === "MemberExpression") node = node.object;
        else return false;
      }
      return false;
    };

    const keyName = (prop) => {
      if (!prop.computed && prop.key.type === "Identifier") return prop.key.name;
      if (prop.key.type === "Literal") return String(prop.key.value);
      return null;
    };

    const checkSql = (node, text) => {
      if (sqlWritesStatus(text)) context.report({ node, messageId: "sql" });
    };

    return {
      ImportSpecifier(node) {
        const imported = node.imported.type === "Identifier" ? node.imported.name : node.imported.value;
        if (imported === TABLE) tableNames.add(node.local.name);
      },
      CallExpression(node) {
        if (calls(node, "insert") && isTable(node.arguments[0])) {
          context.report({ node, messageId: "insert" });
          return;
        }
        if (!calls(node, "set") || !updatesTable(node)) return;
        const values = node.arguments[0];
        if (values?.type !== "ObjectExpression") {
          context.report({ node, messageId: "setUnknown" });
          return;
        }
        for (const prop of values.properties) {
          if (prop.type !== "Property") {
            context.report({ node: prop, messageId: "setUnknown" });
            continue;
          }
          const name = keyName(prop);
          if (name === null) context.report({ node: prop, messageId: "setUnknown" });
          else if (name === "status") context.report({ node: prop, messageId: "setStatus" });
        }
      },
      TemplateLiteral(node) {
        let text = "";
        node.quasis.forEach((quasi, i) => {
          text += quasi.value.cooked ?? quasi.value.raw;
          const expr = node.expressions[i];
          if (expr) text += isTable(expr) ? TABLE : isStatusColumn(expr) ? "status" : " ? ";
        });
        checkSql(node, text);
      },
      Literal(node) {
        if (typeof node.value === "string") checkSql(node, node.value);
      },
    };
  },
};

const plugin = {
  meta: { name: "stanza" },
  rules: { "pratica-status-in-workflow": praticaStatusInWorkflow },
};

export default plugin;
export { sqlWritesStatus };

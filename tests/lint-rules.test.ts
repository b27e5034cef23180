import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import stanza from "../eslint/pratica-status.mjs";

// The lint rule that keeps pratica status writes in lib/workflow (eslint.config.mjs): what it refuses, and what it
// lets through, so that a change to it cannot quietly stop catching a write.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const rule = stanza.rules?.["pratica-status-in-workflow"];
if (!rule) throw new Error("rule not found");
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" } });

const head = `import { pratiche, services } from "@/db/schema";\n`;

tester.run("stanza/pratica-status-in-workflow", rule, {
  valid: [
    head + `await db.update(pratiche).set({ formData: data, updatedAt: new Date() }).where(eq(pratiche.id, id));`,
    head + `await db.update(services).set({ status: "suspended" }).where(eq(services.id, id));`,
    head + `await db.insert(services).values({ status: "available" });`,
    head + `await db.select().from(pratiche).where(sql\`\${pratiche.status} <> \${STATUS.draft}\`);`,
    `const q = "UPDATE pratiche SET form_data = $1 WHERE status = 1000";`,
    `const q = "select * from pratiche where status = 2000";`,
    `const preview = { status: 1000, subject: "x" };`,
    head + `await insertDraft(tx, { enteId, serviceId });`,
  ],
  invalid: [
    { code: head + `await db.update(pratiche).set({ status: 4000 }).where(eq(pratiche.id, id));`, errors: [{ messageId: "setStatus" }] },
    { code: head + `await db.update(pratiche).set({ "status": 4000, updatedAt: now });`, errors: [{ messageId: "setStatus" }] },
    { code: head + `await tx.update(pratiche).set(changes).where(eq(pratiche.id, id));`, errors: [{ messageId: "setUnknown" }] },
    { code: head + `await tx.update(pratiche).set({ ...changes, updatedAt: now });`, errors: [{ messageId: "setUnknown" }] },
    { code: head + `await tx.update(pratiche).set({ [column]: 1 });`, errors: [{ messageId: "setUnknown" }] },
    { code: head + `await db.insert(pratiche).values({ enteId, status: 1000 });`, errors: [{ messageId: "insert" }] },
    { code: `import { pratiche as p } from "@/db/schema";\nawait db.update(p).set({ status: 9000 });`, errors: [{ messageId: "setStatus" }] },
    { code: `import * as schema from "@/db/schema";\nawait db.insert(schema.pratiche).values(row);`, errors: [{ messageId: "insert" }] },
    { code: head + `await db.execute(sql\`update \${pratiche} set \${pratiche.status} = \${code} where id = \${id}\`);`, errors: [{ messageId: "sql" }] },
    { code: `await db.execute(sql\`UPDATE pratiche SET updated_at = now(), status = 7000 WHERE id = \${id}\`);`, errors: [{ messageId: "sql" }] },
    { code: `const q = 'update "pratiche" set "status" = $1 where id = $2';`, errors: [{ messageId: "sql" }] },
    { code: `await pg.query("INSERT INTO pratiche (ente_id, status) VALUES ($1, 1000)");`, errors: [{ messageId: "sql" }] },
  ],
});

import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireAnyStaff, requireCitizen, requireStaff, type CitizenSession, type StaffSession } from "@/lib/auth/session";
import type { Lang } from "@/lib/i18n";
import { getLang } from "@/lib/i18n/server";
import { toFailure, type ActionFailure } from "./failure";
import { assertSameOrigin, formObject } from "./guard";
import { inRequestContext } from "./request-id";
import { assertCleanFields } from "./text";

/**
 * The wrappers every server action is made with. Each one, in this order: checks that the request comes from
 * a page of this site, parses the input with zod, authorizes the actor (staff of the ente with the role, the
 * signed-in citizen, or nobody for the public ones), runs the handler (one lib/ call), and maps whatever the
 * handler throws to the one refusal shape (`ActionFailure`), translated into the visitor's language. Next's
 * redirects and not-found/forbidden signals pass through.
 *
 * The action's arguments become the input: the FormData among them (repeated names listed in `arrays` become
 * arrays), or the first argument when it is a plain object.
 */
type WithEnte = z.ZodType<{ ente: string }>;
type Options<S extends z.ZodType, A extends unknown[], E> = {
  input: S;
  /** The action's positional arguments (bound ids, then the form) as the object `input` parses. */
  args?: (...args: A) => Record<string, unknown>;
  /** Form fields that repeat and are read as arrays. */
  arrays?: readonly string[];
  /** Instead of returning the refusal (for actions that answer with a redirect): usually redirects itself. */
  onError?: (failure: ActionFailure, raw: Record<string, unknown>) => E | Promise<E>;
};

function rawInput(args: readonly unknown[], arrays: readonly string[] = []): Record<string, unknown> {
  for (let i = args.length - 1; i >= 0; i--) {
    const a = args[i];
    if (a instanceof FormData) return formObject(a, arrays);
  }
  const first = args[0];
  return typeof first === "object" && first !== null && !Array.isArray(first) ? { ...(first as Record<string, unknown>) } : {};
}

type FormArgs = [prev: unknown, fd: FormData] | [fd: FormData];

function guarded<S extends z.ZodType, R, A extends unknown[], E, Auth>(
  opts: Options<S, A, E>,
  authorize: (input: z.output<S>) => Promise<Auth>,
  handler: (auth: Auth, input: z.output<S>, lang: Lang) => Promise<R>,
) {
  return async (...args: A): Promise<R | E> => {
    const requestHeaders = await headers();
    return inRequestContext(requestHeaders, () => run(requestHeaders, args));
  };
  async function run(requestHeaders: Headers, args: A): Promise<R | E> {
    const raw = opts.args ? opts.args(...args) : rawInput(args, opts.arrays);
    let lang: Lang = "it";
    try {
      lang = await getLang();
      assertSameOrigin(requestHeaders);
      assertCleanFields(raw);
      const input = opts.input.parse(raw) as z.output<S>;
      const auth = await authorize(input);
      return await handler(auth, input, lang);
    } catch (err) {
      unstable_rethrow(err);
      const { failure } = toFailure(err, lang);
      return opts.onError ? await opts.onError(failure, raw) : (failure as E);
    }
  }
}

/**
 * A back-office or admin action: the signed-in staff member of the input's ente with `role`; "staff": any staff
 * member, acting in the strongest role they hold (admin, else operator).
 */
export function staffAction<S extends WithEnte, R, A extends unknown[] = FormArgs, E = ActionFailure>(
  opts: Options<S, A, E> & { role: "operator" | "admin" | "staff" },
  handler: (session: StaffSession, input: z.output<S>, lang: Lang) => Promise<R>,
) {
  return guarded(opts, (input) => (opts.role === "staff" ? requireAnyStaff(input.ente) : requireStaff(input.ente, opts.role)), handler);
}

/** A citizen's action in the personal area: the signed-in citizen, on the input's ente. */
export function citizenAction<S extends WithEnte, R, A extends unknown[] = FormArgs, E = ActionFailure>(
  opts: Options<S, A, E> & { next?: (input: z.output<S>) => string },
  handler: (session: CitizenSession, input: z.output<S>, lang: Lang) => Promise<R>,
) {
  return guarded(opts, (input) => requireCitizen(input.ente, opts.next?.(input)), handler);
}

/** An action anyone may call (sign-in, language): origin and input are still checked. */
export function publicAction<S extends z.ZodType, R, A extends unknown[] = FormArgs, E = ActionFailure>(opts: Options<S, A, E>, handler: (input: z.output<S>, lang: Lang) => Promise<R>) {
  return guarded(opts, async () => null, (_none, input, lang) => handler(input, lang));
}

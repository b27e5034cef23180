import { z } from "zod";

/** An ente's slug as it appears in paths and forms. */
export const enteSlug = z.string().regex(/^[a-z0-9-]{1,100}$/);
/** The form of a server action, passed through to the handler. */
export const formData = z.instanceof(FormData);

import { z } from "zod";
import { slugSchema } from "@/lib/slug";

/** An ente's slug as it appears in paths and forms (the one slug rule, `lib/slug`). */
export const enteSlug = slugSchema;
/** The form of a server action, passed through to the handler. */
export const formData = z.instanceof(FormData);

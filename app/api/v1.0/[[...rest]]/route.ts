import { unknownPath } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/** Every path under /api/v1.0 that no route serves. */
export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
export const OPTIONS = unknownPath;

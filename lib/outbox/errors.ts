/** A failure that retrying cannot fix (no recipient, no registry configured, a 5xx SMTP answer): dead at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

/** SMTP 5xx answers are permanent by the protocol's own definition; anything else (connection refused, 4xx) is worth retrying. */
export function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentDeliveryError) return true;
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const response = (err as { response?: unknown }).response;
    const parts = [err.message];
    if (typeof code === "string" && !err.message.includes(code)) parts.push(`(${code})`);
    if (typeof response === "string" && !err.message.includes(response)) parts.push(`— ${response}`);
    return parts.join(" ").slice(0, 2000);
  }
  return String(err).slice(0, 2000);
}

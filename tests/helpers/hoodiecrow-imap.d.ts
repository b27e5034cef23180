/** hoodiecrow-imap ships no types: the little the PEC fake (tests/helpers/pec-server.ts) uses. */
declare module "hoodiecrow-imap" {
  function hoodiecrow(options: {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage?: Record<string, { messages?: unknown[] }>;
  }): unknown;
  export default hoodiecrow;
}

/**
 * What a browser sends with a form post from one of the app's own pages. Playwright's request context sends no
 * Origin, and the app refuses a write that does not say where it comes from (see e2e/ui/cross-site.spec.ts).
 */
export const APP_ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
export const SAME_ORIGIN = { Origin: APP_ORIGIN };

import type { Page } from "@playwright/test";

/** The fields of a page's form as a no-script browser would post them (a server action's hidden inputs name it). */
export async function serverActionFields(page: Page, formSelector: string): Promise<Record<string, string>> {
  return page
    .locator(formSelector)
    .first()
    .evaluate((form) => {
      const out: Record<string, string> = {};
      for (const el of Array.from((form as HTMLFormElement).elements)) {
        const input = el as HTMLInputElement;
        if (input.name) out[input.name] = input.value;
      }
      return out;
    });
}

import { describe, expect, it } from "vitest";
import { isSlug, SLUG_INPUT_PATTERN, SLUG_MAX, SLUG_PATTERN, slugify, slugSchema } from "@/lib/slug";

describe("the slug rule", () => {
  it("accepts lowercase letters and digits with hyphens inside, up to 100 characters", () => {
    for (const ok of ["a", "7", "comune-di-bugliano", "bugliano-protocollo", "a-b-c", "servizio--doppio", "x".repeat(SLUG_MAX), "2026"]) {
      expect(isSlug(ok), ok).toBe(true);
      expect(slugSchema.safeParse(ok).success, ok).toBe(true);
    }
  });

  it("refuses everything else", () => {
    for (const bad of ["", "-a", "a-", "-", "Comune", "comune di", "comune_di", "città", "a/b", "a.b", "../x", "x".repeat(SLUG_MAX + 1), " a", "a\n"]) {
      expect(isSlug(bad), JSON.stringify(bad)).toBe(false);
      expect(slugSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(isSlug(42)).toBe(false);
    expect(isSlug(null)).toBe(false);
  });

  it("gives browsers the same rule, valid with the v flag they compile patterns with", () => {
    const browser = new RegExp(`^(?:${SLUG_INPUT_PATTERN})$`, "v");
    for (const s of ["comune-di-bugliano", "a", "-a", "a-", "Comune", "x".repeat(101)]) expect(browser.test(s), s).toBe(SLUG_PATTERN.test(s));
  });

  it("makes a slug from a name", () => {
    expect(slugify("Contributo per lo Sport")).toBe("contributo-per-lo-sport");
    expect(slugify("  Iscrizione à la mensa — scolastica!  ")).toBe("iscrizione-a-la-mensa-scolastica");
    expect(slugify("Attività produttive")).toBe("attivita-produttive");
    expect(slugify("Ñandú & Çà")).toBe("nandu-ca");
    expect(slugify("abc-def-ghi", 5)).toBe("abc-d");
    expect(slugify("abcd-efgh", 5)).toBe("abcd");
    expect(slugify("!!!")).toBe("");
    for (const name of ["Occupazione suolo pubblico", "Bonus idrico 2026", "É già l'ora"]) expect(isSlug(slugify(name)), name).toBe(true);
  });
});

/**
 * Italian codice fiscale: 16 characters whose last one is a check character computed from the other
 * fifteen (odd and even positions weighted by two tables). Omocodia letters are accepted in digit places.
 */
const ODD: Record<string, number> = {
  "0": 1, "1": 0, "2": 5, "3": 7, "4": 9, "5": 13, "6": 15, "7": 17, "8": 19, "9": 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};

function evenValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code >= 48 && code <= 57 ? code - 48 : code - 65;
}

const SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

export function normalizeCodiceFiscale(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

export function checkCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = first15[i] ?? "";
    sum += i % 2 === 0 ? (ODD[ch] ?? 0) : evenValue(ch);
  }
  return String.fromCharCode(65 + (sum % 26));
}

export function isValidCodiceFiscale(value: string): boolean {
  const cf = normalizeCodiceFiscale(value);
  if (!SHAPE.test(cf)) return false;
  return checkCharacter(cf.slice(0, 15)) === cf[15];
}

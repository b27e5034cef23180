import type { Db } from "./client";
import { feedbackRatings, type Ente, type Service } from "./schema";
import { answersFor, type FeedbackAnswer } from "@/lib/feedback/answers";
import { seededRandom } from "@/lib/random";

/**
 * Ratings for the demo: twelve weeks of anonymous ratings on the service pages and at the end of the requests,
 * each service with its own mood (the suolo pubblico form was hard and is getting better after a rewrite, the
 * accesso agli atti sheet is clear), and a few comments as citizens write them.
 */
const MOOD: Record<string, { base: number; drift: number; volume: number }> = {
  "accesso-agli-atti": { base: 4.3, drift: 0, volume: 34 },
  "contributo-affitto": { base: 3.6, drift: 0.3, volume: 40 },
  "occupazione-suolo-pubblico": { base: 2.4, drift: 1.6, volume: 26 },
  "iscrizione-mensa-scolastica": { base: 4.0, drift: 0.2, volume: 30 },
  "bonus-idrico": { base: 3.8, drift: 0, volume: 12 },
};

const COMMENTS: { rating: "low" | "high"; text: string }[] = [
  { rating: "high", text: "Tutto chiaro, ho finito in dieci minuti." },
  { rating: "high", text: "Utile l'elenco dei documenti da preparare prima di iniziare." },
  { rating: "low", text: "Non si capisce quale planimetria allegare: serve un esempio." },
  { rating: "low", text: "Il caricamento del file non andava dal telefono, ho dovuto usare il computer." },
  { rating: "high", text: "Finalmente senza andare in Comune." },
  { rating: "low", text: "Non era chiaro quanto costa il canone prima di inviare la domanda." },
  { rating: "high", text: "Bene il riepilogo prima dell'invio." },
  { rating: "low", text: "Manca l'orario dell'ufficio a cui rivolgersi per chiarimenti." },
  { rating: "high", text: "Chiaro anche per chi non è pratico." },
  { rating: "low", text: "Avrei voluto sapere subito se l'ISEE scaduto va bene lo stesso." },
];

export async function seedFeedback(db: Db, ente: Ente, svc: Service[], now = Date.now()): Promise<void> {
  const random = seededRandom(20261201);
  const rows: (typeof feedbackRatings.$inferInsert)[] = [];
  const WEEK = 7 * 86_400_000;
  let comment = 0;
  for (const s of svc) {
    const mood = MOOD[s.slug] ?? { base: 3.8, drift: 0, volume: 10 };
    for (let i = 0; i < mood.volume; i++) {
      // Spread over the last twelve weeks (at least a day ago), a little denser lately.
      const age = 86_400_000 + Math.floor(random() ** 1.3 * 12 * WEEK);
      const progress = 1 - age / (12 * WEEK); // 0 twelve weeks ago, 1 now
      const mean = Math.min(4.8, mood.base + mood.drift * (progress - 0.5));
      const rating = Math.max(1, Math.min(5, Math.round(mean + (random() - 0.5) * 2.4)));
      const answers = answersFor(rating);
      const answer: FeedbackAnswer | null = random() < 0.8 ? (answers[Math.floor(random() * (answers.length - 0.5))] ?? null) : null;
      let text: string | null = null;
      if (random() < 0.12) {
        const wanted = rating >= 4 ? "high" : "low";
        const found = COMMENTS.slice(comment).concat(COMMENTS.slice(0, comment)).find((c) => c.rating === wanted);
        if (found) {
          text = found.text;
          comment = (COMMENTS.indexOf(found) + 1) % COMMENTS.length;
        }
      }
      const kind = random() < 0.6 ? "service" : "flow-end";
      rows.push({ enteId: ente.id, page: `${kind}:${s.slug}`, serviceId: s.id, rating, answer, comment: text, lang: random() < 0.92 ? "it" : "en", createdAt: new Date(now - age) });
    }
  }
  if (rows.length > 0) await db.insert(feedbackRatings).values(rows);
}

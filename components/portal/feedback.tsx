import { cookies } from "next/headers";
import { Fragment } from "react";
import { COMMENT_MAX, NEGATIVE_ANSWERS, POSITIVE_ANSWERS, RATINGS } from "@/lib/feedback/answers";
import { FEEDBACK_COOKIE, readFlash } from "@/lib/feedback/flash";
import { feedbackTexts } from "@/lib/i18n/feedback";
import { getT } from "@/lib/i18n/server";

const STAR = "M12 1.6 14.8 8.7 22.5 9.2 16.6 14.1 18.5 21.5 12 17.4 5.5 21.5 7.4 14.1 1.5 9.2 9.2 8.7Z";

/**
 * The rating component of Modello Comuni ("valutazione"), as the AgID validator checks it: `data-element`
 * feedback, feedback-title, feedback-rate-1…5, feedback-rating-positive/negative with their question and answers,
 * feedback-input-text. A plain form, no client script: it posts to /{ente}/valutazione, which comes back here
 * with the thanks or the refusal (lib/feedback/flash.ts).
 *
 * `page` is where the rating is given (`service:<slug>`, `flow-end:<slug>`, lib/feedback/answers.ts), `back` the
 * path of this page, where the citizen returns after sending.
 */
export async function Feedback({ ente, page, back }: { ente: { slug: string }; page: string; back: string }) {
  const [t, jar] = await Promise.all([getT(feedbackTexts), cookies()]);
  const outcome = readFlash(jar.get(FEEDBACK_COOKIE)?.value, page);
  return (
    <section id="valutazione" data-element="feedback" aria-labelledby="valutazione-titolo" className="fb card mt-10 max-w-3xl scroll-mt-4">
      {outcome === "ok" ? (
        <div role="status">
          <h2 id="valutazione-titolo" className="mb-1 text-xl font-bold">{t.thanks}</h2>
          <p>{t.thanksDetail}</p>
        </div>
      ) : (
        <form action={`/${ente.slug}/valutazione`} method="post">
          <input type="hidden" name="page" value={page} />
          <input type="hidden" name="back" value={back} />
          <h2 id="valutazione-titolo" data-element="feedback-title" className="mb-3 text-xl font-bold">{t.title}</h2>
          {outcome && (
            <p role="alert" className="mb-3 rounded-md border-l-4 border-danger-dark bg-danger-light p-3 font-semibold text-danger-dark">
              {t.errors[outcome]}
            </p>
          )}
          <fieldset className="fb-stars">
            <legend className="sr-only">{t.starsLegend}</legend>
            {RATINGS.map((n) => (
              <Fragment key={n}>
                <input type="radio" name="rating" value={n} id={`valutazione-stelle-${n}`} className="fb-star-input" />
                <label htmlFor={`valutazione-stelle-${n}`} className="fb-star" data-element={`feedback-rate-${n}`}>
                  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d={STAR} />
                  </svg>
                  <span className="sr-only">{t.star({ n })}</span>
                </label>
              </Fragment>
            ))}
          </fieldset>
          <div className="fb-more mt-4 space-y-5">
            <fieldset className="fb-question fb-positive" data-element="feedback-rating-positive">
              <legend className="mb-2 text-lg font-bold" data-element="feedback-rating-question">{t.positiveQuestion}</legend>
              {POSITIVE_ANSWERS.map((a) => (
                <div key={a} className="fb-answer">
                  <input type="radio" name="answerPositive" value={a} id={`valutazione-pos-${a}`} />
                  <label htmlFor={`valutazione-pos-${a}`} data-element="feedback-rating-answer">{t.positive[a]}</label>
                </div>
              ))}
            </fieldset>
            <fieldset className="fb-question fb-negative" data-element="feedback-rating-negative">
              <legend className="mb-2 text-lg font-bold" data-element="feedback-rating-question">{t.negativeQuestion}</legend>
              {NEGATIVE_ANSWERS.map((a) => (
                <div key={a} className="fb-answer">
                  <input type="radio" name="answerNegative" value={a} id={`valutazione-neg-${a}`} />
                  <label htmlFor={`valutazione-neg-${a}`} data-element="feedback-rating-answer">{t.negative[a]}</label>
                </div>
              ))}
            </fieldset>
            <div>
              <label htmlFor="valutazione-dettagli" className="field-label">{t.details}</label>
              <textarea
                id="valutazione-dettagli"
                name="comment"
                rows={3}
                maxLength={COMMENT_MAX}
                aria-describedby="valutazione-dettagli-aiuto"
                className="field-input"
                data-element="feedback-input-text"
              />
              <p id="valutazione-dettagli-aiuto" className="mt-1 text-sm text-muted">{t.detailsHelp({ max: COMMENT_MAX })}</p>
            </div>
            <button type="submit" className="btn-primary">{t.send}</button>
          </div>
        </form>
      )}
    </section>
  );
}

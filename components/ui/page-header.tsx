import type { ReactNode } from "react";

/**
 * A back-office page's title (its one `<h1>`) and the sentence under it saying what the page is for.
 * `narrowIntro` keeps a long intro to a readable line length; the operator pages set the title without a gap.
 */
export function PageHeader({ title, intro, narrowIntro = false, gap = true }: { title: ReactNode; intro: ReactNode; narrowIntro?: boolean; gap?: boolean }) {
  return (
    <div>
      <h1 className={gap ? "mb-2 text-3xl font-bold" : "text-3xl font-bold"}>{title}</h1>
      <p className={narrowIntro ? "max-w-3xl text-muted" : "text-muted"}>{intro}</p>
    </div>
  );
}

import type { NoticeContent } from "./types";

/** App IO's limits on a message's content (IO services API, "MessageContent"). */
export const IO_SUBJECT_MIN = 10;
export const IO_SUBJECT_MAX = 120;
export const IO_MARKDOWN_MIN = 80;
export const IO_MARKDOWN_MAX = 10_000;

/** Markdown's own characters in a sentence, so a service's name cannot turn into a link or a heading. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, "\\$1");
}

function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A notice as an App IO message: the subject and a markdown body within IO's limits, ending with the link to the
 * pratica in the personal area. (Channel-neutral words come from NoticeContent; this only lays them out for IO.)
 */
export function ioMessage(content: NoticeContent): { subject: string; markdown: string } {
  let subject = clamp(content.subject.replace(/\s+/g, " ").trim(), IO_SUBJECT_MAX);
  if (subject.length < IO_SUBJECT_MIN) subject = clamp(`${subject} — ${content.ente.name}`, IO_SUBJECT_MAX);
  const link = `[${escapeMarkdown(content.praticaNumber)}](${content.link})`;
  const body = content.paragraphs.map(escapeMarkdown).join("\n\n");
  const tail = `\n\n${link}`;
  let markdown = clamp(body, IO_MARKDOWN_MAX - tail.length) + tail;
  if (markdown.length < IO_MARKDOWN_MIN) markdown = `${escapeMarkdown(content.heading)}\n\n${markdown}`.padEnd(IO_MARKDOWN_MIN, " ");
  return { subject, markdown };
}

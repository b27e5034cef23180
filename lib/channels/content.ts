import type { Service } from "@/db/schema";
import { pick, type Lang } from "@/lib/i18n";
import { channelTexts } from "@/lib/i18n/channels";
import type { NoticeContent } from "./types";

/** App IO's limits on a message's content (IO services API, "MessageContent"). */
export const IO_SUBJECT_MIN = 10;
export const IO_SUBJECT_MAX = 120;
export const IO_MARKDOWN_MIN = 80;
export const IO_MARKDOWN_MAX = 10_000;

/**
 * Services whose very name or category says something about a person's health or social situation ("Contrassegno
 * per persone con disabilità", a means-tested benefit, home care). A notice lands where others may see it (a lock
 * screen, a shared mailbox, a PEC read by an intermediary), so for these it names the service neutrally; the real
 * name is in the personal area, behind sign-in. By category first (the ente files such services under social or
 * health), then by words in the name for one filed elsewhere (a disability parking permit under "Mobilità").
 */
const SENSITIVE_CATEGORY = /social|sanit|salute|health|welfare|assistenz/i;
const SENSITIVE_NAME =
  /disabil|handicap|invalid|non autosufficien|sanitar|salute|malatti|terapi|psicolog|psichiatr|dipendenz|tossicodipend|assistenza domiciliare|servizi sociali|assistenza sociale|sostegno al reddito|reddito di |povert|indigen|contributo economico|emergenza abitativa|sfratt|violenza|tutela (dei )?minori|affid|adozion|gravidanz|\bisee\b|disab|health|welfare|poverty|social (care|assistance)/i;

export function isSensitiveService(service: Pick<Service, "name" | "category">): boolean {
  return SENSITIVE_CATEGORY.test(service.category) || SENSITIVE_NAME.test(service.name);
}

/** The service as a citizen's notice names it, on every channel. */
export function noticeServiceName(service: Pick<Service, "name" | "category">, lang: Lang): string {
  return isSensitiveService(service) ? pick(channelTexts, lang).neutralService : service.name;
}

/** Markdown's own characters in a sentence, so a service's name cannot turn into a link or a heading. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, "\\$1");
}

function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A notice as an App IO message: the subject and a markdown body within IO's limits, ending with the link to the
 * pratica in the personal area. (Channel-neutral words come from NoticeContent, whose last paragraph already says
 * where else to read it and how to change channel; this only lays them out for IO.)
 */
export function ioMessage(content: NoticeContent): { subject: string; markdown: string } {
  let subject = clamp(content.subject.replace(/\s+/g, " ").trim(), IO_SUBJECT_MAX);
  if (subject.length < IO_SUBJECT_MIN) subject = clamp(`${subject} — ${content.ente.name}`, IO_SUBJECT_MAX);
  const link = `${escapeMarkdown(pick(channelTexts, content.lang).readOnline)} [${escapeMarkdown(content.praticaNumber)}](${content.link})`;
  const body = content.paragraphs.map(escapeMarkdown).join("\n\n");
  const tail = `\n\n${link}`;
  let markdown = clamp(body, IO_MARKDOWN_MAX - tail.length) + tail;
  if (markdown.length < IO_MARKDOWN_MIN) markdown = `${escapeMarkdown(content.heading)}\n\n${markdown}`.padEnd(IO_MARKDOWN_MIN, " ");
  return { subject, markdown };
}

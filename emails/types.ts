import type { Lang } from "@/lib/i18n";

/** Who sends: the municipality's name, logo and contacts, shown by the layout of every email. */
export type EnteBrand = {
  name: string;
  /** Absolute URL, or null (then only the name is shown). */
  logoUrl: string | null;
  primaryColor: string;
  address: string | null;
  email: string | null;
  pec: string | null;
  phone: string | null;
  website: string | null;
};

/**
 * Everything a template shows, already worded in the recipient's language. Templates make no decisions on the
 * values: they place strings, and may only test whether one is present (non-empty). The worker's renderer relies on
 * it (`lib/notifications/render-shapes.ts` renders each shape of model once and fills in the values).
 */
export type EmailModel = {
  lang: Lang;
  ente: EnteBrand;
  /** The inbox preview line, at most 150 characters, and the invisible padding after it (see `previewLine`). */
  preview: string;
  previewPadding: string;
  heading: string;
  paragraphs: string[];
  details: { label: string; value: string }[];
  action?: { label: string; url: string };
  /** Says where the pratica can be read, before the link. */
  whereToRead?: string;
  note?: string;
  /** Lists (the operators' digest). */
  items?: { title: string; subtitle: string; url: string }[];
  emptyItems?: string;
  labels: { linkFallback: string; automatic: string; contacts: string; pec: string };
};

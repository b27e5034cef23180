import type { Metadata, Viewport } from "next";
import { common } from "@/lib/i18n/common";
import { LangProvider } from "@/lib/i18n/client";
import { getLang, getT } from "@/lib/i18n/server";
// Only the latin subset and the weights the pages use; @fontsource declares them with font-display: swap.
import "@fontsource/titillium-web/latin-400.css";
import "@fontsource/titillium-web/latin-600.css";
import "@fontsource/titillium-web/latin-700.css";
import "@fontsource/lora/latin-400.css";
import "@fontsource/lora/latin-700.css";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT(common);
  return { title: { default: "Stanza", template: "%s — Stanza" }, description: t.siteDescription, icons: { icon: [{ url: "/favicon.svg", type: "image/svg+xml" }] } };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const lang = await getLang();
  return (
    <html lang={lang}>
      <body className="min-h-screen bg-white font-sans text-ink antialiased">
        <LangProvider lang={lang}>{children}</LangProvider>
      </body>
    </html>
  );
}

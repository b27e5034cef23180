import { Body, Container, Head, Hr, Html, Img, Link, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { PreviewLine } from "./preview-line";
import type { EmailModel } from "./types";

const font = "'Titillium Web', Geneva, Tahoma, sans-serif";

/** The one layout of every email: the municipality's name and logo on top, its contacts at the bottom. */
export function EmailLayout({ model, children }: { model: EmailModel; children: ReactNode }) {
  const { ente, labels } = model;
  const contacts = [ente.address, ente.phone, ente.email, ente.pec ? `${labels.pec} ${ente.pec}` : null].filter((c): c is string => Boolean(c));
  return (
    <Html lang={model.lang}>
      <Head />
      <PreviewLine preview={model.preview} padding={model.previewPadding} />
      <Body style={{ backgroundColor: "#f2f4f7", fontFamily: font, color: "#1a1a1a", margin: 0, padding: "16px 0" }}>
        <Container style={{ maxWidth: 600, backgroundColor: "#ffffff", borderRadius: 4, overflow: "hidden" }}>
          <Section style={{ backgroundColor: ente.primaryColor, padding: "16px 24px" }}>
            {ente.logoUrl ? <Img src={ente.logoUrl} alt="" width="48" height="48" style={{ display: "inline-block", verticalAlign: "middle", marginRight: 12 }} /> : null}
            <Text style={{ display: "inline-block", verticalAlign: "middle", color: "#ffffff", fontSize: 20, fontWeight: 700, margin: 0 }}>{ente.name}</Text>
          </Section>
          <Section style={{ padding: "8px 24px 16px" }}>{children}</Section>
          <Hr style={{ borderColor: "#d9dadb", margin: 0 }} />
          <Section style={{ padding: "12px 24px", fontSize: 13, color: "#5c6f82" }}>
            <Text style={{ margin: "0 0 4px", fontSize: 13, fontWeight: 700 }}>
              {labels.contacts}: {ente.name}
            </Text>
            {contacts.length > 0 ? <Text style={{ margin: "0 0 4px", fontSize: 13 }}>{contacts.join(" · ")}</Text> : null}
            {ente.website ? (
              <Text style={{ margin: "0 0 4px", fontSize: 13 }}>
                <Link href={ente.website} style={{ color: "#0059b3" }}>
                  {ente.website}
                </Link>
              </Text>
            ) : null}
            <Text style={{ margin: "8px 0 0", fontSize: 12 }}>{labels.automatic}</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

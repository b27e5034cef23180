import { Button, Heading, Link, Section, Text } from "@react-email/components";
import type { EmailModel } from "./types";

export function Title({ model }: { model: EmailModel }) {
  return <Heading style={{ fontSize: 22, margin: "16px 0 12px", color: "#17324d" }}>{model.heading}</Heading>;
}

export function Paragraphs({ model }: { model: EmailModel }) {
  return (
    <>
      {model.paragraphs.map((p, i) => (
        <Text key={i} style={{ fontSize: 16, lineHeight: "24px", margin: "0 0 12px" }}>
          {p}
        </Text>
      ))}
    </>
  );
}

/** Service, pratica number, protocol: what the notice is about, never what the citizen wrote. */
export function Details({ model }: { model: EmailModel }) {
  if (model.details.length === 0) return null;
  return (
    <Section style={{ backgroundColor: "#f5f7fa", padding: "8px 16px", margin: "8px 0 16px", borderLeft: `4px solid ${model.ente.primaryColor}` }}>
      {model.details.map((d) => (
        <Text key={d.label} style={{ fontSize: 14, margin: "4px 0" }}>
          <strong>{d.label}:</strong> {d.value}
        </Text>
      ))}
    </Section>
  );
}

export function Action({ model }: { model: EmailModel }) {
  if (!model.action) return null;
  return (
    <>
      {model.whereToRead ? <Text style={{ fontSize: 15, margin: "8px 0" }}>{model.whereToRead}</Text> : null}
      <Section style={{ margin: "8px 0 16px" }}>
        <Button href={model.action.url} style={{ backgroundColor: model.ente.primaryColor, color: "#ffffff", padding: "12px 20px", borderRadius: 4, fontWeight: 700, fontSize: 16 }}>
          {model.action.label}
        </Button>
      </Section>
      <Text style={{ fontSize: 13, color: "#5c6f82", margin: "0 0 12px" }}>
        {model.labels.linkFallback}{" "}
        <Link href={model.action.url} style={{ color: "#0059b3", wordBreak: "break-all" }}>
          {model.action.url}
        </Link>
      </Text>
    </>
  );
}

export function Note({ model }: { model: EmailModel }) {
  return model.note ? <Text style={{ fontSize: 14, fontStyle: "italic", margin: "0 0 12px" }}>{model.note}</Text> : null;
}

export function Items({ model }: { model: EmailModel }) {
  if (!model.items) return null;
  if (model.items.length === 0) return <Text style={{ fontSize: 15 }}>{model.emptyItems}</Text>;
  return (
    <Section style={{ margin: "0 0 16px" }}>
      {model.items.map((it) => (
        <Text key={it.url} style={{ fontSize: 15, margin: "0 0 8px" }}>
          <Link href={it.url} style={{ color: "#0059b3", fontWeight: 700 }}>
            {it.title}
          </Link>
          <br />
          {it.subtitle}
        </Text>
      ))}
    </Section>
  );
}

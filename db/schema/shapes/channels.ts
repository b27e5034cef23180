/** The channels a citizen's notice can go out on (lib/channels). */
export const CHANNELS = ["io", "email", "pec"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * An ente's notice policy: for ordinary notices and for legally relevant acts (lib/channels/policy.ts lists which
 * kinds those are), the channels in order of preference. The first that applies to the citizen is used (IO: IO on in
 * the profile, a codice fiscale, the service has an IO key; PEC: a digital domicile and the ente's PEC set up; email:
 * an address and email notices on); the later ones are fallbacks, used only when it fails or is refused.
 */
export type ChannelPolicy = { ordinary: Channel[]; legal: Channel[] };

export const DEFAULT_CHANNEL_POLICY: ChannelPolicy = { ordinary: ["io", "email"], legal: ["pec", "io", "email"] };

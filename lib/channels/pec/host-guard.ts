import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { getConfig } from "@/lib/config/env";

/**
 * Whether an address is one an admin's form must not point the server at: loopback, private (RFC 1918, unique local),
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified or multicast. A PEC provider is a
 * public service; a server of the installation's own network is reachable only when PEC_ALLOW_PRIVATE_HOSTS is set
 * (an internal relay, the tests) or in demo mode (the local fake).
 */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const a = mapped ?? address;
  if (isIP(a) === 4) {
    const [x = 0, y = 0] = a.split(".").map(Number);
    return x === 0 || x === 10 || x === 127 || (x === 100 && y >= 64 && y <= 127) || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || x >= 224;
  }
  const v6 = a.toLowerCase();
  return v6 === "::" || v6 === "::1" || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6);
}

export type HostCheck = "ok" | "internal" | "unresolvable";

/** Resolves the host (every address it has) and says whether the PEC settings may use it. */
export async function checkPecHost(host: string, opts: { allowInternal?: boolean } = {}): Promise<HostCheck> {
  const allowInternal = opts.allowInternal ?? internalAllowed();
  const bare = host.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(bare) ? [bare] : (await lookup(bare, { all: true, verbatim: true })).map((r) => r.address);
  } catch {
    return "unresolvable";
  }
  if (addresses.length === 0) return "unresolvable";
  if (!allowInternal && addresses.some(isInternalAddress)) return "internal";
  return "ok";
}

function internalAllowed(): boolean {
  const config = getConfig();
  return config.pecAllowPrivateHosts || config.demoMode;
}

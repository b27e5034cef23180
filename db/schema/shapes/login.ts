/** How a session's user proved who they are. */
export type LoginMethod = "password" | "spid" | "cie" | "oidc" | "email" | "demo";

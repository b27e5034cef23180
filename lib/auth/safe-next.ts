/** Where to go after a login: only paths inside this ente, never an open redirect; the personal area otherwise. */
export function safeNext(ente: string, next: string | null | undefined): string {
  const value = next ?? "";
  return value.startsWith(`/${ente}/`) && !value.startsWith("//") && !value.includes("\\") ? value : `/${ente}/area-personale`;
}

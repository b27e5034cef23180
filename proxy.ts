import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { refuseCrossSiteWrite } from "@/lib/edge/cross-site";

/** Runs before every request Next serves (static files excepted): refuses cross-site writes. */
export function proxy(request: NextRequest) {
  return refuseCrossSiteWrite(request) ?? NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

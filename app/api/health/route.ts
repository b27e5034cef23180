import { sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import { getDatabase } from "@/db";

export const dynamic = "force-dynamic";

/** Liveness and readiness: answers 200 once the database is open, migrated (and seeded in demo mode). */
export async function GET() {
  try {
    const { db, driver } = await getDatabase();
    await db.execute(sql`select 1`);
    return NextResponse.json({ status: "ok", database: driver });
  } catch {
    return NextResponse.json({ status: "unavailable" }, { status: 503 });
  }
}

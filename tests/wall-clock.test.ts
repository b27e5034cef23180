import { describe, expect, it } from "vitest";
import { nextSendWindow } from "@/lib/notifications/policy";
import { addDays, dateKey, fromLocalDateTime, fromWallClock, monthKey, ROME, startOfDay, toLocalDateTime, wallClock } from "@/lib/time/wall-clock";

const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);
const HOUR = 3_600_000;
// In 2026 Rome moves to summer time at 01:00Z on 29 March (02:00 CET → 03:00 CEST) and back at 01:00Z on
// 25 October (03:00 CEST → 02:00 CET).
const SPRING = "2026-03-29";
const AUTUMN = "2026-10-25";

/** An independent reading of the wall clock, straight from Intl, to compare with. */
function intlKey(d: Date, timeZone = ROME): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}
function intlTime(d: Date, timeZone = ROME): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
}

describe("wall clock of an instant", () => {
  it("reads the clock on both sides of the spring change", () => {
    expect(wallClock(at("2026-03-29T00:59:59Z"))).toEqual({ year: 2026, month: 3, day: 29, hour: 1, minute: 59, second: 59 });
    expect(wallClock(at("2026-03-29T01:00:00Z"))).toEqual({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 0 });
  });

  it("reads the repeated hour of autumn twice", () => {
    expect(wallClock(at("2026-10-25T00:30:00Z"))).toMatchObject({ day: 25, hour: 2, minute: 30 });
    expect(wallClock(at("2026-10-25T01:30:00Z"))).toMatchObject({ day: 25, hour: 2, minute: 30 });
    expect(wallClock(at("2026-10-25T02:00:00Z"))).toMatchObject({ day: 25, hour: 3, minute: 0 });
  });

  it("agrees with Intl on the day and time, every 7 minutes across both change days and New Year", () => {
    for (const start of ["2026-03-28T12:00:00Z", "2026-10-24T12:00:00Z", "2026-12-31T12:00:00Z"]) {
      for (let t = at(start).getTime(); t < at(start).getTime() + 36 * HOUR; t += 7 * 60_000) {
        const d = new Date(t);
        const w = wallClock(d);
        expect(dateKey(d)).toBe(intlKey(d));
        expect(`${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`).toBe(intlTime(d));
      }
    }
  });

  it("gives the day and month keys in the ente's time zone, not UTC", () => {
    expect(dateKey(at("2026-03-28T23:30:00Z"))).toBe("2026-03-29");
    expect(dateKey(at("2026-12-31T23:00:00Z"))).toBe("2027-01-01");
    expect(dateKey(at("2026-12-31T22:59:59Z"))).toBe("2026-12-31");
    expect(monthKey(at("2026-01-31T23:30:00Z"))).toBe("2026-02");
    expect(dateKey(at("2026-12-31T23:00:00Z"), "UTC")).toBe("2026-12-31");
  });
});

describe("instant of a wall-clock time", () => {
  it("outside the changes, a winter and a summer time", () => {
    expect(iso(fromWallClock({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }))).toBe("2026-01-15T08:00:00.000Z");
    expect(iso(fromWallClock({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }))).toBe("2026-07-15T07:00:00.000Z");
  });

  it("in the spring gap (02:00–03:00 does not exist) moves on by the gap", () => {
    const t = (hour: number, minute: number) => iso(fromWallClock({ year: 2026, month: 3, day: 29, hour, minute }));
    expect(t(1, 59)).toBe("2026-03-29T00:59:00.000Z");
    expect(t(2, 0)).toBe("2026-03-29T01:00:00.000Z"); // shown as 03:00
    expect(t(2, 30)).toBe("2026-03-29T01:30:00.000Z"); // shown as 03:30
    expect(t(3, 0)).toBe("2026-03-29T01:00:00.000Z");
    expect(t(3, 30)).toBe("2026-03-29T01:30:00.000Z");
    expect(toLocalDateTime(fromWallClock({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }))).toBe("2026-03-29T03:30");
  });

  it("in the repeated autumn hour takes the first occurrence (still summer time)", () => {
    const t = (hour: number, minute: number) => iso(fromWallClock({ year: 2026, month: 10, day: 25, hour, minute }));
    expect(t(1, 59)).toBe("2026-10-24T23:59:00.000Z");
    expect(t(2, 0)).toBe("2026-10-25T00:00:00.000Z");
    expect(t(2, 30)).toBe("2026-10-25T00:30:00.000Z");
    expect(t(2, 59)).toBe("2026-10-25T00:59:00.000Z");
    expect(t(3, 0)).toBe("2026-10-25T02:00:00.000Z");
  });

  it("round-trips every quarter hour of both change days, except the times that do not exist", () => {
    for (const [y, m, d] of [[2026, 3, 29], [2026, 10, 25]] as const) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const w = { year: y, month: m, day: d, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 };
        const back = wallClock(fromWallClock(w));
        if (m === 3 && w.hour === 2) expect(back).toEqual({ ...w, hour: 3 });
        else expect(back).toEqual(w);
      }
    }
  });

  it("gives back every instant of the change days, the second 02:xx of autumn as its first", () => {
    for (const start of ["2026-03-28T22:00:00Z", "2026-10-24T22:00:00Z"]) {
      for (let t = at(start).getTime(); t < at(start).getTime() + 26 * HOUR; t += 10 * 60_000) {
        const back = fromWallClock(wallClock(new Date(t))).getTime();
        const secondPass = t >= at("2026-10-25T01:00:00Z").getTime() && t < at("2026-10-25T02:00:00Z").getTime();
        expect(back).toBe(secondPass ? t - HOUR : t);
      }
    }
  });

  it("carries fields over: day 0, day 32, month 13", () => {
    expect(iso(fromWallClock({ year: 2026, month: 3, day: 0 }))).toBe("2026-02-27T23:00:00.000Z");
    expect(iso(fromWallClock({ year: 2026, month: 3, day: 32 }))).toBe("2026-03-31T22:00:00.000Z");
    expect(iso(fromWallClock({ year: 2026, month: 13, day: 1 }))).toBe("2026-12-31T23:00:00.000Z");
  });
});

describe("days", () => {
  it("the spring day lasts 23 hours, the autumn day 25", () => {
    expect(iso(startOfDay(SPRING))).toBe("2026-03-28T23:00:00.000Z");
    expect(iso(startOfDay("2026-03-30"))).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfDay("2026-03-30").getTime() - startOfDay(SPRING).getTime()).toBe(23 * HOUR);
    expect(iso(startOfDay(AUTUMN))).toBe("2026-10-24T22:00:00.000Z");
    expect(iso(startOfDay("2026-10-26"))).toBe("2026-10-25T23:00:00.000Z");
    expect(startOfDay("2026-10-26").getTime() - startOfDay(AUTUMN).getTime()).toBe(25 * HOUR);
  });

  it("the start of the day of an instant is the day's start in Rome, not in UTC", () => {
    expect(iso(startOfDay(at("2026-03-28T23:30:00Z")))).toBe("2026-03-28T23:00:00.000Z");
    expect(iso(startOfDay(at("2026-03-29T21:59:00Z")))).toBe("2026-03-28T23:00:00.000Z");
    expect(iso(startOfDay(at("2026-10-25T01:30:00Z")))).toBe("2026-10-24T22:00:00.000Z");
    expect(iso(startOfDay(at("2026-10-25T23:00:00Z")))).toBe("2026-10-25T23:00:00.000Z");
  });

  it("refuses a date key that is no date", () => {
    expect(() => startOfDay("2026-02-30")).toThrow(RangeError);
    expect(() => startOfDay("29/03/2026")).toThrow(RangeError);
  });

  it("a midnight that does not exist starts the day at 01:00 (São Paulo, 4 November 2018)", () => {
    expect(iso(startOfDay("2018-11-04", "America/Sao_Paulo"))).toBe("2018-11-04T03:00:00.000Z");
    expect(toLocalDateTime(startOfDay("2018-11-04", "America/Sao_Paulo"), "America/Sao_Paulo")).toBe("2018-11-04T01:00");
  });

  it("adding days keeps the wall-clock time: 23 or 25 hours across a change", () => {
    const noonBeforeSpring = at("2026-03-28T11:00:00Z"); // 12:00 CET
    expect(iso(addDays(noonBeforeSpring, 1))).toBe("2026-03-29T10:00:00.000Z"); // 12:00 CEST
    expect(iso(addDays(at("2026-03-29T10:00:00Z"), -1))).toBe("2026-03-28T11:00:00.000Z");
    const noonBeforeAutumn = at("2026-10-24T10:00:00Z"); // 12:00 CEST
    expect(iso(addDays(noonBeforeAutumn, 1))).toBe("2026-10-25T11:00:00.000Z"); // 12:00 CET
    expect(addDays(noonBeforeAutumn, 1).getTime() - noonBeforeAutumn.getTime()).toBe(25 * HOUR);
    // 02:30 the day before spring lands in the gap: 03:30 summer time.
    expect(toLocalDateTime(addDays(at("2026-03-28T01:30:00Z"), 1))).toBe("2026-03-29T03:30");
    expect(dateKey(addDays(at("2026-12-31T11:00:00Z"), 1))).toBe("2027-01-01");
    expect(iso(addDays(at("2026-07-01T10:00:00Z"), 0))).toBe("2026-07-01T10:00:00.000Z");
  });
});

describe("datetime-local values", () => {
  it("reads and writes the ente's wall-clock time", () => {
    expect(iso(fromLocalDateTime("2026-09-01T09:00") ?? new Date(0))).toBe("2026-09-01T07:00:00.000Z");
    expect(iso(fromLocalDateTime("2026-12-31T18:00") ?? new Date(0))).toBe("2026-12-31T17:00:00.000Z");
    expect(toLocalDateTime(at("2026-09-01T07:00:00Z"))).toBe("2026-09-01T09:00");
    expect(toLocalDateTime(at("2026-10-25T00:30:00Z"))).toBe("2026-10-25T02:30");
    expect(toLocalDateTime(at("2026-10-25T01:30:00Z"))).toBe("2026-10-25T02:30");
    expect(toLocalDateTime(null)).toBe("");
    expect(toLocalDateTime(undefined)).toBe("");
  });

  it("refuses what is not a time of a real day", () => {
    for (const bad of ["2026-02-30T09:00", "2026-09-01T24:00", "2026-09-01T09:60", "2026-09-01 09:00", "2026-09-01", "", "domani"]) {
      expect(fromLocalDateTime(bad)).toBeNull();
    }
  });
});

describe("quiet hours across the changes", () => {
  const window = { timezone: ROME, quietHoursStart: "20:00", quietHoursEnd: "08:00", holidays: [] };
  it("the morning after a night of change is 08:00 on the wall clock", () => {
    expect(iso(nextSendWindow(window, at("2026-03-28T21:00:00Z")))).toBe("2026-03-29T06:00:00.000Z");
    expect(iso(nextSendWindow(window, at("2026-10-24T20:00:00Z")))).toBe("2026-10-25T07:00:00.000Z");
  });
});

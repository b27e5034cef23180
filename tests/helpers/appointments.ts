import type { OfficeInput } from "@/lib/appointments/offices";
import { fromWallClock } from "@/lib/time/wall-clock";

/** Monday to Friday, 08:30–12:30. */
export const WEEKDAY_MORNINGS: OfficeInput["openingHours"] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: "08:30", to: "12:30" }));

/** An office's settings for the tests: weekday mornings, 15-minute slots, one person per slot, 60 days ahead, 2 hours' notice. */
export function officeInput(over: Partial<OfficeInput> = {}): OfficeInput {
  return {
    name: "Ufficio Anagrafe",
    address: "Piazza del Municipio 1",
    phone: null,
    email: null,
    notes: null,
    openingHours: WEEKDAY_MORNINGS,
    closures: [],
    slotMinutes: 15,
    capacity: 1,
    horizonDays: 60,
    minNoticeHours: 2,
    needsApproval: false,
    active: true,
    serviceIds: [],
    operatorIds: [],
    ...over,
  };
}

/** The tests' clock: Monday 2027-01-11, 07:00 in Rome, a working week ahead. */
export const APPOINTMENTS_NOW = fromWallClock({ year: 2027, month: 1, day: 11, hour: 7 });
/** A wall-clock time of January 2027 in Rome. */
export const january2027 = (day: number, hour: number, minute = 0) => fromWallClock({ year: 2027, month: 1, day, hour, minute });

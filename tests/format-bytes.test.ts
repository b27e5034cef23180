import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/format/bytes";

describe("formatBytes", () => {
  it("bytes under 1 kB as they are", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1)).toBe("1 B");
    expect(formatBytes(1023)).toBe("1023 B");
  });

  it("whole kB below 1 MB, rounding to the nearest", () => {
    expect(formatBytes(1024)).toBe("1 kB");
    expect(formatBytes(1535)).toBe("1 kB");
    expect(formatBytes(1536)).toBe("2 kB");
    expect(formatBytes(256 * 1024)).toBe("256 kB");
    expect(formatBytes(512 * 1024, "en")).toBe("512 kB");
  });

  it("MB and GB with one decimal in the language's way, none when whole", () => {
    expect(formatBytes(1024 * 1024)).toBe("1 MB");
    expect(formatBytes(1.5 * 1024 * 1024)).toBe("1,5 MB");
    expect(formatBytes(1.5 * 1024 * 1024, "en")).toBe("1.5 MB");
    expect(formatBytes(10 * 1024 * 1024)).toBe("10 MB");
    expect(formatBytes(20 * 1024 * 1024 - 1)).toBe("20 MB");
    expect(formatBytes(3 * 1024 ** 3 + 300 * 1024 ** 2, "en")).toBe("3.3 GB");
  });

  it("never shows 1024 of a unit, and no thousands separator", () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe("1 MB");
    expect(formatBytes(1023.6 * 1024)).toBe("1 MB");
    expect(formatBytes(1023.4 * 1024, "en")).toBe("1023 kB");
    expect(formatBytes(1024 ** 3 - 1)).toBe("1 GB");
    expect(formatBytes(2048 * 1024 ** 3, "en")).toBe("2048 GB");
  });

  it("treats a negative size as nothing", () => {
    expect(formatBytes(-5)).toBe("0 B");
  });
});

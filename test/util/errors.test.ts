/** snippet / withoutControlChars (src/util/errors.ts): file text in messages is printable and short. */
import { describe, expect, it } from "vitest";
import { snippet, withoutControlChars } from "../../src/util/errors.js";

describe("snippet", () => {
  it("keeps printable ASCII, escapes the rest, cuts at max", () => {
    expect(snippet("1 2")).toBe("1 2");
    expect(snippet("a\x1b[31mb\x00\x7f\x9fé")).toBe("a\\x1b[31mb\\x00\\x7f\\x9f\\xe9");
    expect(snippet("€")).toBe("\\u20ac");
    expect(snippet("x".repeat(100))).toBe("x".repeat(40) + "…");
    expect(snippet("x".repeat(40))).toBe("x".repeat(40));
  });

  it("withoutControlChars leaves non-ASCII text alone", () => {
    expect(withoutControlChars("≥ 2 × 3\x07\x1b")).toBe("≥ 2 × 3\\x07\\x1b");
  });
});

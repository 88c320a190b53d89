import { describe, expect, it } from "vitest";
import * as errors from "./index.js";

describe("errors", () => {
  const classes = Object.entries(errors).filter(
    ([, value]) => typeof value === "function" && value.prototype instanceof errors.ConcordError,
  ) as [string, new (message: string, data: object) => errors.ConcordError][];

  it.each(classes)("%s has a code and a name equal to its class name", (exportName, ErrorClass) => {
    const error = new ErrorClass("message", {});
    expect(error.code).toBe(exportName);
    expect(error.name).toBe(exportName);
    expect(error.toJSON()).toMatchObject({ code: exportName, message: "message" });
  });

  it.each([
    [{ code: "ENOENT" }, "NotFoundError", "item"],
    [{ code: "ECONNRESET" }, "TransientError", "retryable"],
    [{ code: "ENOSPC" }, "InvalidDataError", "item"],
    [{ code: "SQLITE_CORRUPT" }, "StatusDbError", "fatal"],
    [new TypeError("x is undefined"), "InternalError", "fatal"],
  ])("classifies %o as %s", (thrown, code, disposition) => {
    const error = errors.classify(Object.assign(new Error("boom"), thrown), "reading x");
    expect(error.code).toBe(code);
    expect(error.disposition).toBe(disposition);
    expect(error.message).toContain("reading x");
  });
});

/**
 * Whether a path is a file or a folder, where "missing" is an answer and not an error.
 * @module
 */
import { stat } from "node:fs/promises";
import { classify } from "../../errors/index.js";
import { isMissing } from "./system-error.js";

export async function isEntry(path: string, kind: "file" | "folder"): Promise<boolean> {
  try {
    const stats = await stat(path);
    return kind === "file" ? stats.isFile() : stats.isDirectory();
  } catch (error) {
    if (isMissing(error)) return false;
    throw classify(error, `reading ${path}`);
  }
}

/**
 * Collection properties in a vdir: one small file per property in the collection folder, named
 * after the property (`displayname`, `color`, ...), as khal and vdirsyncer read and write them.
 * @module
 */
import { readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { classify } from "../../errors/index.js";
import { syncFolder, writeFileAtomic } from "../local-fs/atomic-write.js";
import { isMissing } from "../local-fs/system-error.js";
import { propertyNames, type Properties, type PropertyName } from "../../contract/index.js";

/** Reads one property; a missing or blank file means the property is unset. */
async function readProperty(folder: string, name: PropertyName): Promise<string | undefined> {
  const path = join(folder, name);
  try {
    // Editors and `echo` add a trailing newline that is no part of the value.
    const value = (await readFile(path, "utf8")).trim();
    return value === "" ? undefined : value;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw classify(error, `reading ${path}`);
  }
}

export async function readProperties(folder: string): Promise<Properties> {
  const properties: Properties = {};
  for (const name of propertyNames) {
    const value = await readProperty(folder, name);
    if (value !== undefined) properties[name] = value;
  }
  return properties;
}

/** Writes one property atomically; `undefined` removes its file. */
export async function writeProperty(
  folder: string,
  name: PropertyName,
  value: string | undefined,
): Promise<void> {
  const path = join(folder, name);
  try {
    if (value !== undefined) {
      await writeFileAtomic(path, new TextEncoder().encode(value));
      return;
    }
    await unlink(path).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
    await syncFolder(folder);
  } catch (error) {
    throw classify(error, `writing ${path}`);
  }
}

/** Writes every property given; used when a collection is created. */
export async function writeProperties(folder: string, properties: Properties): Promise<void> {
  for (const name of propertyNames) {
    const value = properties[name];
    if (value !== undefined) await writeProperty(folder, name, value);
  }
}

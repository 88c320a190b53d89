/**
 * The item models of calendars and contacts: one event, to-do or contact per item, paired by its
 * UID, compared by a hash that ignores what servers stamp on items and merged property by
 * property (`formats/`).
 * @module
 */
import { type Body, type Description, type ItemModel, readBody } from "../contract/index.js";
import { describeItem, mergeItem } from "../formats/index.js";

function pimModel(kind: "calendar" | "contact"): ItemModel {
  return {
    kind,
    identity: "content",
    async describe(body: Body): Promise<Description> {
      const { ident, hash, title } = describeItem(await readBody(body));
      return title === undefined ? { ident, hash } : { ident, hash, title };
    },
    merge: mergeItem,
    extensionFor: (body) => (body.bytes && describeItem(body.bytes).kind === "vcard" ? ".vcf" : ".ics"),
  };
}

export const calendarModel = pimModel("calendar");
export const contactModel = pimModel("contact");

/** The model of a local storage that holds whatever its file extension says. */
export const modelForExtension = (extension: string): ItemModel =>
  extension.toLowerCase().endsWith(".vcf") ? contactModel : calendarModel;

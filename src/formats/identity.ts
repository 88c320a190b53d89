/**
 * What identifies an item: the kind of data it holds, the components that make it what it is, and
 * their UID, which pairs the item with its counterpart on the other side.
 * @module
 */
import { propertyValue } from "./component.js";
import type { Component } from "./component.js";

export type ItemKind = "icalendar" | "vcard" | "unknown";

/** The kind of the first component in the tree; text without components is `"unknown"`. */
export function kindOf(root: Component): ItemKind {
  switch (root.children[0]?.name) {
    case "VCALENDAR":
      return "icalendar";
    case "VCARD":
      return "vcard";
    default:
      return "unknown";
  }
}

/**
 * The components an item is about: the VEVENTs, VTODOs, VJOURNALs… inside a VCALENDAR (its
 * VTIMEZONEs only serve them), and any other top-level component as it stands, so that a VCARD, or
 * a VEVENT someone wrote without its VCALENDAR, still has an identity.
 */
export function mainComponents(root: Component): Component[] {
  return root.children.flatMap((component) =>
    component.name === "VCALENDAR"
      ? component.children.filter((child) => child.name !== "VTIMEZONE")
      : [component],
  );
}

/** The component's UID, trimmed; undefined when it has none or an empty one. */
export function uidOf(component: Component): string | undefined {
  return propertyValue(component, "UID") || undefined;
}

/** What a person calls the item: an event's or to-do's SUMMARY, a contact's FN, unescaped. */
export function titleOf(component: Component): string | undefined {
  const value = propertyValue(component, "SUMMARY") ?? propertyValue(component, "FN");
  return (
    value?.replace(/\\([\\,;nN])/g, (_, escaped: string) =>
      escaped === "n" || escaped === "N" ? " " : escaped,
    ) || undefined
  );
}

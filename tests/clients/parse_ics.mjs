// Parse an .ics file the way Thunderbird does (ical.js) and print what it understood as JSON.
// Usage: node parse_ics.mjs FILE.ics   (run `npm ci --prefix tests/clients` once first)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const vcalendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
// Thunderbird registers a feed's VTIMEZONEs before reading its events; without this ical.js
// would read TZID times as floating, which is exactly the bug the tests must catch.
for (const vtimezone of vcalendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}

const text = (component, name) => component.getFirstPropertyValue(name)?.toString() ?? null;

const events = vcalendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const tzid = vevent.getFirstProperty("dtstart").getParameter("tzid") ?? null;
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: text(vevent, "status"),
    sequence: event.sequence,
    all_day: event.startDate.isDate,
    tzid,
    tzid_known: tzid === null || ICAL.TimezoneService.has(tzid),
    start_local: event.startDate.toString(),
    end_local: event.endDate.toString(),
    start_utc: event.startDate.isDate ? null : event.startDate.toJSDate().toISOString(),
    end_utc: event.endDate.isDate ? null : event.endDate.toJSDate().toISOString(),
    alarms: vevent.getAllSubcomponents("valarm").map((valarm) => ({
      action: text(valarm, "action"),
      trigger: text(valarm, "trigger"),
      description: text(valarm, "description"),
    })),
  };
});

const calendarProperties = Object.fromEntries(
  vcalendar.getAllProperties().map((property) => [property.name, property.getFirstValue()?.toString()]),
);
console.log(JSON.stringify({ calendar: calendarProperties, events }, null, 2));

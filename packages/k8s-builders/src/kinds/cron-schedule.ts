/**
 * A CronJob's `schedule` and `timeZone` read as the API server reads them (`validateScheduleFormat` and
 * `validateTimeZone` of pkg/apis/batch/validation, Kubernetes v1.37): the schedule by the standard parser of
 * github.com/robfig/cron/v3 (`cron.ParseStandard`: five fields or a descriptor), the time zone as an IANA name.
 */

/** The five fields of a standard schedule, with their bounds and names (robfig/cron `bounds`). */
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    first: 1,
  },
  { name: "day of week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], first: 0 },
] as const;

type Bounds = (typeof FIELDS)[number];

/** The descriptors the standard parser takes besides `@every <duration>`. */
export const CRON_DESCRIPTORS = [
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
] as const;

/** Go's `strconv.Atoi` on what the parser passes it, refusing negatives as `mustParseInt` does. */
function atoi(text: string): number | string {
  if (!/^[+-]?\d+$/.test(text)) return `"${text}" is not a number`;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return `"${text}" is out of range`;
  if (n < 0) return `negative number (${n}) not allowed: ${text}`;
  return n;
}

function intOrName(text: string, b: Bounds): number | string {
  if ("names" in b) {
    const i = (b.names as readonly string[]).indexOf(text.toLowerCase());
    if (i >= 0) return i + b.first;
  }
  return atoi(text);
}

/** One comma-separated item of a field (`getRange`): `*`, `?`, `N`, `N-M`, each with an optional `/step`. */
function rangeProblem(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = b.min;
    end = b.max;
  } else {
    const s = intOrName(lowAndHigh[0] ?? "", b);
    if (typeof s === "string") return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1] ?? "", b);
      if (typeof e === "string") return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = atoi(rangeAndStep[1] ?? "");
    if (typeof s === "string") return s;
    step = s;
    // "N/step" means "N-max/step".
    if (single) end = b.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

const GO_DURATION =
  /^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))*$/;

/** Go's `time.ParseDuration` grammar (`@every 1h30m`): "0", or numbers with units, largest first or not. */
function isGoDuration(text: string): boolean {
  return text === "0" || text === "+0" || text === "-0" || GO_DURATION.test(text);
}

/**
 * Why the API server refuses a CronJob schedule, or undefined when it takes it: five fields (minute, hour, day
 * of month, month, day of week; names such as `mon` or `jan`; `*`, `?`, ranges, lists and steps), or one of
 * {@link CRON_DESCRIPTORS}, or `@every <Go duration>`. A time zone inside the schedule (`TZ=…`, `CRON_TZ=…`) is
 * refused: the API asks for the `timeZone` field.
 *
 * @example
 * scheduleProblem("*\/15 * * * *"); // undefined
 * scheduleProblem("0 0 * * 7");    // "end of range (7) above maximum (6): 7 (day of week)"
 */
export function scheduleProblem(schedule: string): string | undefined {
  if (schedule.includes("TZ")) {
    return "cannot use TZ or CRON_TZ in schedule, use the timeZone option instead";
  }
  if (schedule.length === 0) return "empty spec string";
  if (schedule.startsWith("@")) {
    if ((CRON_DESCRIPTORS as readonly string[]).includes(schedule)) return undefined;
    if (schedule.startsWith("@every ")) {
      const d = schedule.slice("@every ".length);
      return isGoDuration(d)
        ? undefined
        : `failed to parse duration ${schedule}: "${d}" is not a Go duration`;
    }
    return `unrecognized descriptor: ${schedule}`;
  }
  // Go's strings.Fields: split around runs of white space.
  const fields = schedule.split(/[\s\u0085\u00a0]+/u).filter((f) => f !== "");
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${schedule}`;
  for (const [i, field] of fields.entries()) {
    const b = FIELDS[i] as Bounds;
    for (const expr of field.split(",")) {
      const problem = rangeProblem(expr, b);
      if (problem !== undefined) return `${problem} (${b.name})`;
    }
  }
  return undefined;
}

/** A part of a time zone name as the API server allows it (`validTimeZoneCharacters`). */
const ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * Names Node's Intl (ICU) takes that the IANA database Go reads does not have, so the API server refuses them
 * ("unknown time zone"): Java's three-letter IDs, the SystemV zones and links tzdata removed. Found by comparing
 * every such candidate with Go 1.26's zoneinfo.
 */
const NOT_IN_TZDATA = new Set([
  ..."ACT AET AGT ART AST BET BST CAT CNT CST CTT EAT ECT IET IST JST MIT NET NST PLT PNT PRT PST SST VST".split(
    " ",
  ),
  ..."AST4 AST4ADT CST6 CST6CDT EST5 EST5EDT HST10 MST7 MST7MDT PST8 PST8PDT YST9 YST9YDT"
    .split(" ")
    .map((z) => `SystemV/${z}`),
  "US/Pacific-New",
]);

/**
 * Why the API server refuses a CronJob's `timeZone`, or undefined: an IANA name (`Europe/Paris`, `UTC`,
 * `Etc/GMT+2`) that Go's time package loads, spelled with its case; not `Local`. The names are those Node's
 * time-zone database knows, which follows the same IANA release cycle as Go's, less the ones only ICU has.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (timeZone === "") return "expected a time zone name such as Europe/Paris, or leave timeZone out";
  for (const part of timeZone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !ZONE_PART.test(part)) {
      return `"${timeZone}" is not an IANA time zone name: parts of up to 14 letters, digits, ".", "-", "_" or "+"`;
    }
  }
  if (timeZone.toLowerCase() === "local") {
    return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones";
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    return `unknown time zone "${timeZone}" (an IANA name such as Europe/Paris or America/New_York)`;
  }
  if (NOT_IN_TZDATA.has(timeZone) || NOT_IN_TZDATA.has(resolved)) {
    return `unknown time zone "${timeZone}": Node knows it, but it is not in the IANA database the API server reads (use a name such as America/Los_Angeles)`;
  }
  // Intl ignores case; Go reads the zone file of that exact name, and every IANA name's parts start with a
  // capital letter or a digit.
  const miscased = timeZone.split("/").some((part) => /^[a-z]/.test(part));
  if (miscased || (resolved !== timeZone && resolved.toLowerCase() === timeZone.toLowerCase())) {
    return `unknown time zone "${timeZone}": did you mean "${resolved}"?`;
  }
  return undefined;
}

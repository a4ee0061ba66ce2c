/**
 * The zod/mini functions of the library's own copy (bundled into dist), exported as `z` for compositions that
 * declare options like the builders do: the call-center bundle builds its configuration schema with them
 * instead of bundling a second copy of zod (its types come from `import type … from "zod/mini"`, which costs
 * nothing at run time). Add a function here when a composition needs it.
 */
export {
  array,
  boolean,
  check,
  custom,
  enum,
  globalRegistry,
  gt,
  gte,
  int,
  lazy,
  literal,
  lt,
  lte,
  maxLength,
  minLength,
  number,
  optional,
  partialRecord,
  record,
  refine,
  regex,
  safeParse,
  strictObject,
  string,
  superRefine,
  union,
} from "zod/mini";

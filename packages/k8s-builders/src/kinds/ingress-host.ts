/**
 * The host name of an Ingress rule or TLS entry, in a module of its own: the entry exports this schema (titled,
 * so it stays in the entry) and loads ingress() only on its first call (src/lazy/load.ts).
 */
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import { primitive } from "../base/options.ts";
import { HOSTNAME } from "../base/primitives.ts";

/** A DNS host name, optionally a wildcard (`*.example.com`). */
export const HostSchema: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("host name", () =>
  z.string().check(
    z.refine((s) => s.length <= 253 && HOSTNAME.test(s), {
      error: (i) => `"${inputText(i.input)}" is not a host name (e.g. "calls.example.com")`,
    }),
  ),
);

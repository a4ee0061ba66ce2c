/**
 * The named types of a generated module: each object schema with properties becomes an interface (its fields'
 * descriptions as TSDoc), unions of items and maps get aliases, and names never collide.
 */

import {
  fieldDoc,
  isMap,
  key,
  literal,
  pascal,
  type TypeExpr,
  text,
  tsdoc,
  WIDTH,
  width,
} from "./generate-text.ts";
import type { RawSchema } from "./read.ts";

/** Collects the declarations of a module's types, giving each a name no other declaration has. */
export class ModuleWriter {
  private readonly declarations: string[] = [];
  private readonly used = new Set<string>();
  embedded = false;

  constructor(reserved: readonly string[]) {
    for (const r of reserved) this.used.add(r);
  }

  name(hint: string): string {
    let name = hint;
    for (let i = 2; this.used.has(name); i++) name = `${hint}${i}`;
    this.used.add(name);
    return name;
  }

  /** The type of a schema node; object schemas with properties become named interfaces. */
  typeOf(s: RawSchema, hint: string, where: string): TypeExpr {
    const parts = this.parts(s, hint, where);
    const union = s.nullable === true && !parts.includes("null") ? [...parts, "null"] : parts;
    return union.length === 1 && union[0]?.startsWith("{ [key: string]: ") === true && union[0].endsWith(" }")
      ? { map: union[0].slice("{ [key: string]: ".length, -2) }
      : { union };
  }

  private parts(s: RawSchema, hint: string, where: string): string[] {
    if (s["x-kubernetes-int-or-string"] === true) return ["number", "string"];
    if (s["x-kubernetes-embedded-resource"] === true) {
      this.embedded = true;
      return ["EmbeddedResource"];
    }
    if (Array.isArray(s.enum) && s.enum.length > 0) return [...new Set(s.enum.map(literal))];
    switch (s.type) {
      case "string":
        return ["string"];
      case "boolean":
        return ["boolean"];
      case "integer":
      case "number":
        return ["number"];
      case "array": {
        if (!isMap(s.items)) return ["unknown[]"];
        const item = this.typeOf(s.items, `${hint}Item`, `${where}[]`);
        if ("map" in item) return [`${text(item)}[]`];
        if (item.union.length === 1) return [`${item.union[0]}[]`];
        // A union of items gets a name: `(A | B)[]` is laid out in ways that are hard to predict.
        const alias = this.name(`${hint}Item`);
        this.declarations.push(this.aliasDeclaration(alias, item, s.items, where));
        return [`${alias}[]`];
      }
      case "object":
        return [this.objectType(s, hint, where)];
      default:
        return ["unknown"];
    }
  }

  private objectType(s: RawSchema, hint: string, where: string): string {
    const props = isMap(s.properties) ? s.properties : undefined;
    const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
    if (props === undefined || Object.keys(props).length === 0) {
      if (isMap(s.additionalProperties)) {
        const value = this.typeOf(s.additionalProperties, `${hint}Value`, `${where}.*`);
        return `{ [key: string]: ${"map" in value || value.union.length > 1 ? this.named(value, `${hint}Value`, s.additionalProperties, where) : text(value)} }`;
      }
      if (s.additionalProperties === true || preserve) return "{ [key: string]: unknown }";
      return "Record<string, never>";
    }
    const name = this.name(hint);
    const slot = this.declarations.push("") - 1;
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    const members: string[] = [];
    for (const k of Object.keys(props).sort()) {
      const child = props[k];
      if (!isMap(child)) continue;
      const type = this.typeOf(child, `${hint}${pascal(k)}`, `${where}.${k}`);
      members.push(
        tsdoc(fieldDoc(child), "  ") + this.member(`${key(k)}${required.has(k) ? "" : "?"}`, type),
      );
    }
    if (preserve) members.push("  [key: string]: unknown;\n");
    const doc = [`\`${where}\``];
    if (where.endsWith("[]") || where.endsWith(".*")) {
      const own = fieldDoc(s);
      if (own.length > 0) doc.push("", ...own);
    }
    this.declarations[slot] = `${tsdoc(doc, "")}export interface ${name} {\n${members.join("")}}\n`;
    return name;
  }

  private named(type: TypeExpr, hint: string, s: RawSchema, where: string): string {
    const alias = this.name(hint);
    this.declarations.push(this.aliasDeclaration(alias, type, s, where));
    return alias;
  }

  private aliasDeclaration(alias: string, type: TypeExpr, s: RawSchema, where: string): string {
    const doc = tsdoc([`\`${where}\``, ...(fieldDoc(s).length > 0 ? ["", ...fieldDoc(s)] : [])], "");
    const line = `export type ${alias} = ${text(type)};`;
    if (width(line) <= WIDTH || "map" in type) return `${doc}${line}\n`;
    return `${doc}export type ${alias} =\n${type.union.map((p) => `  | ${p}`).join("\n")};\n`;
  }

  /** One interface member, broken the way Biome breaks it when it does not fit. */
  member(name: string, type: TypeExpr): string {
    const line = `  ${name}: ${text(type)};`;
    if (width(line) <= WIDTH) return `${line}\n`;
    if ("map" in type) return `  ${name}: {\n    [key: string]: ${type.map};\n  };\n`;
    if (type.union.length === 1) return `${line}\n`;
    return `  ${name}:\n${type.union.map((p) => `    | ${p}`).join("\n")};\n`;
  }

  declare(declaration: string): void {
    this.declarations.push(declaration);
  }

  declarationsText(): string {
    return this.declarations.filter((d) => d !== "").join("\n");
  }
}

// Fails fast, in one line, on a Node.js older than package.json's "engines" asks for (`npm test` runs it first,
// and so does the example). CommonJS without new syntax, so that any old Node can run it and say so.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const range = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")).engines.node;
const wanted = /^>=\s*(\d+)\.(\d+)$/.exec(range);
if (wanted === null) throw new Error(`package.json engines.node is not of the form >=MAJOR.MINOR: ${range}`);
const have = process.versions.node.split(".").map(Number);
const major = Number(wanted[1]);
const minor = Number(wanted[2]);
if (have[0] < major || (have[0] === major && have[1] < minor)) {
  process.stderr.write(
    `Node \u2265 ${major}.${minor} required, you have ${process.versions.node}; see README (Set-up)\n`,
  );
  process.exit(1);
}

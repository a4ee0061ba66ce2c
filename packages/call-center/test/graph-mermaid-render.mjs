/**
 * Renders Mermaid diagrams with Mermaid's own renderer in headless Chromium, for graph-mermaid.test.ts, which runs
 * it as a child process: playwright-core bundles its own zod, which writes zod's configuration shared through
 * globalThis (its English messages), and the test workers are shared between test files (isolate: false), so
 * it never loads in them.
 *
 * stdin: `{ "chromium": path, "pictures": dir, "diagrams": [{ "name", "text" }] }`.
 * stdout: for each diagram, what graph-mermaid.html's `draw` measured, with pixel counts of its screenshot (each
 * node's box and the line of its name, each edge's box, the whole image), the requests the page tried (all
 * blocked) and the PNG written to `<pictures>/<name>.mermaid.png`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const input = JSON.parse(readFileSync(0, "utf8"));
const html = readFileSync(new URL("./graph-mermaid.html", import.meta.url), "utf8");
const mermaid = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");

/** The second line of a node's label (its name), as a box. */
function nameLine(node) {
  const h = node.labelBox.h / node.lines.length;
  return { ...node.labelBox, y: node.labelBox.y + h, h };
}

async function render(browser, name, text) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(0);
  const requests = [];
  await page.route("**/*", (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  await page.setContent(html);
  await page.addScriptTag({ path: mermaid });
  const drawn = await page.evaluate((t) => globalThis.draw(t), text);
  const png = await page.locator("#diagram > svg").screenshot({ animations: "disabled", caret: "hide" });
  mkdirSync(input.pictures, { recursive: true });
  const file = join(input.pictures, `${name}.mermaid.png`);
  writeFileSync(file, png);
  const boxes = [...drawn.nodes.flatMap((n) => [n.box, nameLine(n)]), ...drawn.edges.map((e) => e.box)];
  const counted = await page.evaluate(([p, b]) => globalThis.pixels(p, b), [png.toString("base64"), boxes]);
  await page.close();
  let i = 0;
  return {
    ...drawn,
    nodes: drawn.nodes.map((n) => ({ ...n, pixels: counted.boxes[i++], namePixels: counted.boxes[i++] })),
    edges: drawn.edges.map((e) => ({ ...e, pixels: counted.boxes[i++] })),
    image: { file, width: counted.width, height: counted.height, pixels: counted.whole },
    requests,
  };
}

const browser = await chromium.launch({
  executablePath: input.chromium,
  headless: true,
  timeout: 0,
  // Chromium's sandbox cannot start as root (Chromium refuses to run): as root, which CI is, it runs without it
  // (--no-sandbox). The page is this repository's own, with every request blocked.
  chromiumSandbox: process.getuid?.() !== 0,
});
try {
  const results = [];
  for (const { name, text } of input.diagrams) results.push(await render(browser, name, text));
  process.stdout.write(JSON.stringify(results));
} finally {
  await browser.close();
}

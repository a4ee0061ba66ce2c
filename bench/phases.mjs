/**
 * Where one run's time goes, measured inside the process: Node start-up until user code, then the import of
 * the builders (with zod), of the bundle, building the bundle's objects and the N services', `toYaml` of each
 * part, and, for comparison, importing `yaml` and `stringify` of the same objects. Prints one JSON line of
 * milliseconds. (Printing the parts separately, the services' cost per service is read without the bundle's.)
 *
 *   node bench/phases.mjs 0      # the call-center bundle alone
 *   node bench/phases.mjs 1000   # plus 1,000 extra services (bench/services.mjs's shape)
 *
 * (`npm run bench` shows the import of zod/mini alone as a whole process.)
 */
const t = [performance.now()];
const lap = () => t.push(performance.now());
const n = Number(process.argv[2] ?? "0");

const { serviceGroup, serviceName } = await import("./lib/service-group.mjs");
const builders = await import("@call-center/k8s-builders");
lap();
const { callCenter, resolveConfig } = await import("@call-center/bundle");
lap();
const bundle = callCenter(resolveConfig("production"));
lap();
const services = [];
for (let i = 1; i <= n; i++) services.push(...serviceGroup(builders, serviceName(i)));
lap();
const ours = builders.toYaml(bundle);
lap();
const oursServices = n === 0 ? "" : builders.toYaml(services);
lap();
const { stringify } = await import("yaml");
lap();
const theirs = bundle.map((o) => stringify(o)).join("---\n");
lap();
const theirsServices = services.map((o) => stringify(o)).join("---\n");
lap();

const names = [
  "nodeStart",
  "builders",
  "bundle",
  "buildBundle",
  "buildServices",
  "toYamlBundle",
  "toYamlServices",
  "yamlImport",
  "stringifyBundle",
  "stringifyServices",
];
const out = {
  objects: bundle.length + services.length,
  toYamlBytes: ours.length + oursServices.length,
  stringifyBytes: theirs.length + theirsServices.length,
};
for (let i = 0; i < names.length; i++) out[names[i]] = i === 0 ? t[0] : t[i] - t[i - 1];
process.stdout.write(`${JSON.stringify(out)}\n`);

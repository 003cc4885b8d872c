// Checks Kubernetes manifests offline against Kubernetes' own types (npm kubernetes-types): each YAML document
// becomes a TypeScript object literal typed as its kind, so tsc refuses a field Kubernetes does not know
// (excess-property checks) and a value of the wrong type. Reports each problem with its file and object.
//
//   node deploy/validate/check-types.mjs FILE.yaml...
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const modules = join(dirname(fileURLToPath(import.meta.url)), "node_modules");
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check-types.mjs FILE.yaml...");
  process.exit(2);
}

const problems = [];
const documents = []; // { where, firstLine, lastLine }
const lines = [];
for (const file of files) {
  let parsed;
  try {
    parsed = yaml.loadAll(readFileSync(file, "utf8"));
  } catch (e) {
    problems.push(`${file}: not valid YAML: ${e.message}`);
    continue;
  }
  parsed.forEach((doc, index) => {
    if (doc == null) return;
    const where = `${file}: ${doc.kind ?? "(no kind)"}/${doc.metadata?.name ?? "(no name)"} (document ${index + 1})`;
    if (typeof doc.apiVersion !== "string" || typeof doc.kind !== "string") {
      problems.push(`${where}: apiVersion and kind must be set`);
      return;
    }
    // "apps/v1" -> kubernetes-types/apps/v1, "v1" -> core/v1, "rbac.authorization.k8s.io/v1" -> rbac/v1
    const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["core", doc.apiVersion];
    const module = `kubernetes-types/${group.split(".")[0]}/${version}`;
    if (!existsSync(join(modules, `${module}.d.ts`))) {
      problems.push(`${where}: apiVersion ${doc.apiVersion} is not one Kubernetes 1.30 serves`);
      return;
    }
    const body = JSON.stringify(doc, null, 2).split("\n");
    lines.push(`// ${where}`);
    const firstLine = lines.length + 1;
    lines.push(`export const document${documents.length}: import("${module}").${doc.kind} = ${body[0]}`, ...body.slice(1, -1), `${body.at(-1)};`);
    documents.push({ where, firstLine, lastLine: lines.length });
  });
}

if (documents.length > 0) {
  const dir = mkdtempSync(join(tmpdir(), "flux-manifests-"));
  try {
    writeFileSync(join(dir, "manifests.ts"), lines.join("\n") + "\n");
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, types: [], module: "esnext", moduleResolution: "bundler",
        paths: { "kubernetes-types/*": [join(modules, "kubernetes-types", "*")] },
      },
      files: ["manifests.ts"],
    }));
    const tsc = spawnSync(process.execPath, [join(modules, "typescript", "bin", "tsc"), "-p", dir, "--pretty", "false"], { encoding: "utf8" });
    if (tsc.error) throw tsc.error;
    for (const line of `${tsc.stdout}${tsc.stderr}`.split("\n")) {
      const error = /^.*manifests\.ts\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
      if (error) {
        const at = Number(error[1]);
        const document = documents.find(d => at >= d.firstLine && at <= d.lastLine);
        problems.push(`${document?.where ?? "?"}: at ${lines[at - 1].trim().replace(/,$/, "")}: ${error[2]}`);
      } else if (line.trim() !== "") {
        problems.push(line);
      }
    }
    if (tsc.status !== 0 && problems.length === 0) problems.push(`tsc exited with ${tsc.status}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const problem of problems) console.log(`FAIL ${problem}`);
console.log(`${documents.length} documents in ${files.length} files checked against kubernetes-types, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);

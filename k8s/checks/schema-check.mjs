#!/usr/bin/env node
// Checks Kubernetes objects against the Kubernetes API schemas, offline (npm kubernetes-models): wrong types, bad
// enum values, unknown kinds and missing required fields fail. Reads YAML (one or more documents, e.g. the output of
// `kubectl kustomize k8s/overlays/prod`) from the files given, or standard input.
// Custom resources (API groups kubernetes-models does not know) are rejected unless their group is listed with
// --custom=group1,group2: those get a structural check only (apiVersion, kind, metadata.name, spec).
// Prints one line per object and "N objects checked, N failed"; exits 1 when any failed.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const args = process.argv.slice(2);
const custom = new Set(args.filter((a) => a.startsWith("--custom=")).flatMap((a) => a.slice(9).split(",")).filter(Boolean));
const files = args.filter((a) => !a.startsWith("--"));
const text = files.length ? files.map((f) => readFileSync(f, "utf8")).join("\n---\n") : readFileSync(0, "utf8");

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch {
    return undefined;
  }
}

let checked = 0;
let failed = 0;
const fail = (name, message) => {
  failed++;
  console.log(`FAIL ${name}: ${message}`);
};
for (const doc of parseAllDocuments(text)) {
  if (doc.errors.length) {
    fail("(yaml)", doc.errors.map((e) => e.message).join("; "));
    continue;
  }
  const object = doc.toJS();
  if (object === null || object === undefined) continue;
  checked++;
  const name = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string" || !object.metadata?.name) {
    fail(name, "apiVersion, kind and metadata.name are required");
    continue;
  }
  const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
  if (custom.has(group)) {
    if (typeof object.spec !== "object" || object.spec === null) fail(name, "a custom resource needs a spec");
    else console.log(`ok   ${name} (${object.apiVersion}, custom resource: structure only)`);
    continue;
  }
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) {
    fail(name, `${object.apiVersion} ${object.kind} is not a Kubernetes API kind known to kubernetes-models`);
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok   ${name} (${object.apiVersion})`);
  } catch (error) {
    const details = error.errors ? error.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ") : error.message;
    fail(name, details);
  }
}
console.log(`${checked} objects checked, ${failed} failed`);
process.exit(failed > 0 || checked === 0 ? 1 : 0);
